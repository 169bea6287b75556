/**
 * Scores the scanner on the mention corpus.
 *
 *   npm run eval [-- --details]
 *
 * Scans every page of `../shared/corpus/pages` (relative to the repository root) like
 * `npm run scan -- --json`, writes the predictions to a temporary file, and runs the corpus
 * scorer `node ../shared/corpus/score.mjs ../shared/corpus/labels.json <file>` on the whole
 * set and with `--exclude=wtfjht-yearbook-2017`. Prints per-entity precision, recall and F1
 * for both; `--details` also prints the scorer's lists of false positives and negatives.
 * Exits 2 when the corpus or the scorer is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPaths } from './scan';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '../shared/corpus');
const pagesDir = join(corpus, 'pages');
const labels = join(corpus, 'labels.json');
const scorer = join(corpus, 'score.mjs');
const YEARBOOK = 'wtfjht-yearbook-2017';

function score(predictions: string, extra: string[]): string {
  return execFileSync(process.execPath, [scorer, labels, predictions, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Pulls the per-entity table rows out of the scorer's output. */
function table(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith('entity'));
  const rows = lines.slice(start, start + 4);
  const overall = lines.find((l) => l.startsWith('overall')) ?? '';
  return [...rows, overall].join('\n');
}

function main(): void {
  if (!existsSync(pagesDir) || !existsSync(scorer)) {
    console.error(`eval: corpus not found at ${corpus}`);
    process.exit(2);
  }
  const details = process.argv.includes('--details');
  const t0 = performance.now();
  const pages = scanPaths([pagesDir]);
  const ms = performance.now() - t0;
  const file = join(mkdtempSync(join(tmpdir(), 'fc-eval-')), 'predictions.json');
  writeFileSync(file, JSON.stringify({ pages: pages.map((p) => ({ id: p.id, mentions: p.mentions.map(({ entity, text, before, after }) => ({ entity, text, before, after })) })) }));
  const whole = score(file, details ? [] : ['--summary']);
  const without = score(file, [`--exclude=${YEARBOOK}`, ...(details ? [] : ['--summary'])]);
  console.log(`scanned ${pages.length} pages in ${(ms / 1000).toFixed(1)} s; predictions: ${file}\n`);
  console.log('== whole corpus');
  console.log(details ? whole : table(whole));
  console.log(`\n== without ${YEARBOOK}`);
  console.log(details ? without : table(without));
}

main();
