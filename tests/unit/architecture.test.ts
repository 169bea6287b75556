import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const forbidden = /\b(document|window|browser|chrome|indexedDB)\.|from '(dexie|preact|wxt|#imports)/;
/** Source without comments, so prose such as "within the window." does not count as code. */
const code = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

const tsFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => /\.tsx?$/.test(n));

it('keeps core/ free of DOM and extension APIs', () => {
  const files = tsFiles('core');
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) expect(code(readFileSync(`core/${name}`, 'utf8')), name).not.toMatch(forbidden);
});

it('keeps IndexedDB out of content scripts, the popup and components (only the background store opens it)', () => {
  const idb = /\bindexedDB\b|from '(dexie|fake-indexeddb)|@\/entrypoints\/background\/store/;
  for (const dir of ['entrypoints/mentions.content', 'entrypoints/popup', 'components', 'scanner']) {
    for (const name of tsFiles(dir)) expect(code(readFileSync(`${dir}/${name}`, 'utf8')), `${dir}/${name}`).not.toMatch(idb);
  }
});

it('keeps components/ free of extension APIs and messaging calls: props in, callbacks out', () => {
  // Types of the messages' data may be imported; values (send functions, browser) may not.
  const calls = /^import (?!type )[^;]*from '(wxt\/browser|@\/messaging)/m;
  for (const name of tsFiles('components')) {
    expect(code(readFileSync(`components/${name}`, 'utf8')), name).not.toMatch(calls);
  }
});
