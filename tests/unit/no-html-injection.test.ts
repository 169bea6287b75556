import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// Page text, titles and attributes must reach our UI only as text.
const sinks = /\binnerHTML\b|\bouterHTML\b|dangerouslySetInnerHTML|insertAdjacentHTML|document\.write\b|createContextualFragment/;

it('uses no HTML-string sink anywhere in the extension source', () => {
  const files = ['components', 'entrypoints', 'core', 'scanner', 'messaging', 'settings'].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((n) => /\.(ts|tsx)$/.test(n))
      .map((n) => `${dir}/${n}`),
  );
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(sinks);
});
