// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { ShortLabel } from '@/components/ShortLabel';

describe('ShortLabel', () => {
  it('shows the short text and hides only the rest of the full one visually (the button says the full text once)', () => {
    const root = document.createElement('div');
    render(<button type="button"><ShortLabel short="Resume" full="Resume on x.example" /></button>, root);
    expect(root.querySelector('button')?.innerHTML).toBe('Resume<span class="fc-visually-hidden"> on x.example</span>');
  });

  it('hides the short text from assistive technology when a translation does not start with it', () => {
    const root = document.createElement('div');
    render(<button type="button"><ShortLabel short="Reprendre" full="Surligner de nouveau sur x.example" /></button>, root);
    expect(root.querySelector('[aria-hidden="true"]')?.textContent).toBe('Reprendre');
    expect(root.querySelector('.fc-visually-hidden')?.textContent).toBe('Surligner de nouveau sur x.example');
  });
});
