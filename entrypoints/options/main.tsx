import { render } from 'preact';
import { browser } from 'wxt/browser';
import { setMessageSource, t } from '@/components/i18n';
import '@/components/theme.css';
import '@/components/controls.css';
import './options.css';
import { Options } from './Options';

setMessageSource((key, substitutions) => browser.i18n.getMessage(key, substitutions));
// index.html's <title> is the same text (tests/unit/i18n-ui.test.ts), for the moment before this runs.
document.title = t('optionsTitle');

const root = document.getElementById('app');
if (root) render(<Options />, root);
