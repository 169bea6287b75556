import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { removeHtmlSink } from '@/scripts/vite-no-html-sink';

/** An `innerHTML` assignment of anything but a string literal (what Mozilla's linter flags). */
const unsafeAssignment = /\.innerHTML\s*=\s*[^\s`'"=]/;

describe('noHtmlSink (Vite plugin)', () => {
  for (const file of ['preact.module.js', 'preact.mjs']) {
    it(`leaves no non-literal innerHTML assignment in the installed ${file}`, () => {
      const code = readFileSync(`node_modules/preact/dist/${file}`, 'utf8');
      expect(code).toMatch(unsafeAssignment); // the sink is there before…
      const out = removeHtmlSink(code, file);
      expect(out).not.toMatch(unsafeAssignment); // …and gone after
      expect(out).toContain('dangerouslySetInnerHTML is disabled');
      expect(out.length - code.length).toBeLessThan(120); // one replacement, nothing else
    });
  }

  it('fails loudly when Preact no longer has the expected assignment', () => {
    expect(() => removeHtmlSink('export const x = 1;', 'preact.mjs')).toThrow(/found 0/);
  });
});
