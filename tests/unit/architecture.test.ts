import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const forbidden = /\b(document|window|browser|chrome|indexedDB)\.|from '(dexie|preact|wxt|#imports)/;

it('keeps core/ free of DOM and extension APIs', () => {
  const files = readdirSync('core', { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) expect(readFileSync(`core/${name}`, 'utf8'), name).not.toMatch(forbidden);
});
