import { render } from 'preact';
import '@/components/theme.css';
import '@/components/controls.css';
import './options.css';
import { Options } from './Options';

const root = document.getElementById('app');
if (root) render(<Options />, root);
