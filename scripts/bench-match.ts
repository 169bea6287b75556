/**
 * Benchmarks the matcher against the number of aliases.
 *
 *   npm run bench:match [-- --runs=7]
 *
 * Takes the text of the corpus' largest page (`../shared/corpus/pages`, parsed with the same
 * block walker as the scanner, blocks joined by newlines), then times `findCandidates` +
 * `resolveMentions` over it with the pack's rules cut to 10 aliases, and the same 10 padded to
 * 10,000 (synthetic two-word names that never occur), so both find the same mentions. Prints the median of several runs of each,
 * the compile time, and the ratio; matching should not grow with the alias count.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rulesJson from '../data/pack/recognition.json' with { type: 'json' };
import { compileRecognizer } from '../core/compile';
import { findCandidates, resolveMentions, type Recognizer } from '../core/match';
import { parseRecognitionRules, type PersonRules, type RecognitionRules } from '../core/recognition';
import { decodeHtml, scanHtml } from './scan';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = resolve(root, '../shared/corpus/pages');

function largestPage(): string {
  let best = '';
  let size = -1;
  for (const name of readdirSync(pagesDir)) {
    const s = statSync(join(pagesDir, name)).size;
    if (s > size) {
      size = s;
      best = join(pagesDir, name);
    }
  }
  return best;
}

/**
 * The pack's rules cut to their first `keep` aliases (full names first, then surnames), then
 * padded to `total` aliases by synthetic persons whose names never occur in text. Every size
 * thus finds the same mentions in the same text, and a time ratio between sizes measures the
 * number of aliases alone (cutting only the small size would also give it fewer hits to decide).
 */
export function withAliases(base: RecognitionRules, total: number, keep = 10): RecognitionRules {
  const rules = structuredClone(base);
  const empty: Omit<PersonRules, 'id' | 'label' | 'fullNames'> = {
    surnames: [], weakNames: [], titles: [], followers: [], context: [], pageContext: [], pageCounterContext: [],
    namesakeTitles: [], blockBefore: [], blockAfter: [], blockAfterAtStart: [], hyphenPartners: [],
  };
  let left = Math.min(total, keep);
  for (const p of rules.persons) {
    p.fullNames = p.fullNames.slice(0, Math.max(1, Math.min(p.fullNames.length, left)));
    left -= p.fullNames.length;
    p.surnames = p.surnames.slice(0, Math.max(0, left));
    left -= p.surnames.length;
    p.weakNames = p.weakNames.slice(0, Math.max(0, left));
    left -= p.weakNames.length;
  }
  const have = rules.persons.reduce((n, p) => n + p.fullNames.length + p.surnames.length + p.weakNames.length, 0);
  for (let i = 0; have + i < total; i++) {
    rules.persons.push({ ...empty, id: `synthetic-${i}`, label: `Synthetic ${i}`, fullNames: [`Zq${i.toString(36)} Xv${(i * 7919).toString(36)}`] });
  }
  return rules;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * Times `findCandidates` per block + `resolveMentions` over `blocks` (block texts), `runs` times.
 * @returns The median wall time in ms and the number of accepted mentions.
 */
export function timeRuns(blocks: string[], rec: Recognizer, runs: number): { ms: number; mentions: number } {
  const times: number[] = [];
  let mentions = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const resolved = resolveMentions(blocks.map((text) => ({ text, candidates: findCandidates(text, rec) })), rec);
    times.push(performance.now() - t0);
    mentions = resolved.reduce((n, l) => n + l.length, 0);
  }
  return { ms: median(times), mentions };
}

function main(): void {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 7);
  const file = largestPage();
  const { blocks } = scanHtml('bench', decodeHtml(readFileSync(file)));
  const texts = blocks.map((b) => b.text);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const whole = [texts.join('\n')];
  console.log(`page: ${file.slice(pagesDir.length + 1)} — ${blocks.length} blocks, ${chars} characters; median of ${runs} runs\n`);
  console.log('aliases  compile ms  per-block ms  one-text ms  mentions');
  const base = parseRecognitionRules(rulesJson);
  const results: number[] = [];
  for (const n of [10, 10_000]) {
    const rules = withAliases(base, n);
    const t0 = performance.now();
    const rec = compileRecognizer(rules);
    const compileMs = performance.now() - t0;
    timeRuns(texts, rec, 1); // warm-up
    const perBlock = timeRuns(texts, rec, runs);
    const oneText = timeRuns(whole, rec, runs);
    results.push(perBlock.ms);
    console.log(`${String(n).padStart(7)}  ${compileMs.toFixed(1).padStart(10)}  ${perBlock.ms.toFixed(1).padStart(12)}  ${oneText.ms.toFixed(1).padStart(11)}  ${String(perBlock.mentions).padStart(8)}`);
  }
  console.log(`\nratio 10,000 / 10 aliases (per-block matching): ${(results[1]! / results[0]!).toFixed(2)}×`);
}

// Run only as a script (`npm run bench:match`); `npm run bench` imports the helpers above.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
