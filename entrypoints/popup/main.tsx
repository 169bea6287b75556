import { render } from 'preact';
import { browser } from 'wxt/browser';
import { setMessageSource } from '@/components/i18n';
import '@/components/theme.css';
import '@/components/card.css';
import '@/components/controls.css';
import './popup.css';
import { App } from './App';

setMessageSource((key, substitutions) => browser.i18n.getMessage(key, substitutions));

// Opened as a tab ("Open the full story"): a centred column instead of the popup's fixed width.
if (new URLSearchParams(location.search).has('tab')) document.documentElement.classList.add('fc-as-page');

const root = document.getElementById('app');
if (root) render(<App />, root);
