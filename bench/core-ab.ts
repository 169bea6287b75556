/**
 * Before/after for a change to `core/`: the matcher of a baseline revision against the working
 * tree's, on the same text, interleaved, in Node, Chromium and Firefox (page main world).
 * Checks that both give identical candidates and mentions (JSON-equal), then times
 * `findCandidates` per block + `resolveMentions` per page.
 *
 *   npx tsx bench/core-ab.ts [--baseline=REV] [--runs=9]
 *
 * Texts: the bench's long article and 2 MB single text node (bench/pages.ts) and the largest
 * corpus page, split into blocks by the working tree's scanner (`scanner/blocks.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { chromiumPath, firefoxPath } from '../scripts/e2e-lib/browsers';
import { startServer } from '../scripts/e2e-lib/server';
import { generatePages } from './pages';

const ROOT = resolve(import.meta.dirname, '..');
const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const baseline = option('baseline', 'HEAD~1');
const runs = Number(option('runs', '9'));

// The baseline's core/ in a temp dir (its files import each other relatively).
const base = mkdtempSync(join(tmpdir(), 'fc-core-ab-'));
const files = execFileSync('git', ['ls-tree', '--name-only', `${baseline}:core`], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
for (const f of files) writeFileSync(join(base, f), execFileSync('git', ['show', `${baseline}:core/${f}`], { cwd: ROOT }));

// One page script: both matchers, the working tree's scanner, a timing loop.
const entry = join(base, 'entry.ts');
writeFileSync(
  entry,
  `import rules from ${JSON.stringify(join(ROOT, 'data/pack/recognition.json'))};
import { collectBlocks } from ${JSON.stringify(join(ROOT, 'scanner/blocks.ts'))};
import * as NEW from ${JSON.stringify(join(ROOT, 'core/match.ts'))};
import { compileRecognizer as newCompile } from ${JSON.stringify(join(ROOT, 'core/compile.ts'))};
import * as OLD from ${JSON.stringify(join(base, 'match.ts'))};
import { compileRecognizer as oldCompile } from ${JSON.stringify(join(base, 'compile.ts'))};
export function ab(texts, runs) {
  const recN = newCompile(rules), recO = oldCompile(rules);
  const runN = () => NEW.resolveMentions(texts.map((t) => ({ text: t, candidates: NEW.findCandidates(t, recN) })), recN);
  const runO = () => OLD.resolveMentions(texts.map((t) => ({ text: t, candidates: OLD.findCandidates(t, recO) })), recO);
  const same = JSON.stringify(runN()) === JSON.stringify(runO()) &&
    JSON.stringify(texts.map((t) => NEW.findCandidates(t, recN))) === JSON.stringify(texts.map((t) => OLD.findCandidates(t, recO)));
  const a = [], b = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now(); runO(); a.push(performance.now() - t);
    t = performance.now(); runN(); b.push(performance.now() - t);
  }
  const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
  return { blocks: texts.length, identical: same, beforeMs: Math.round(med(a)), afterMs: Math.round(med(b)) };
}
globalThis.fcCoreAB = (runs) => ab(collectBlocks(document.body).map((x) => x.text), runs);
`,
);
const pageScript = (await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', loader: { '.json': 'json' }, nodePaths: [join(ROOT, 'node_modules')] })).outputFiles[0]!.text;

const pagesDir = join(base, 'pages');
mkdirSync(pagesDir);
for (const p of generatePages().filter((x) => x.id === 'long-article' || x.id === 'single-text-node')) writeFileSync(join(pagesDir, p.file), p.html);
const corpusDir = resolve(ROOT, '../shared/corpus/pages');
const largest = readdirSync(corpusDir).sort((a, b) => statSync(join(corpusDir, b)).size - statSync(join(corpusDir, a)).size)[0]!;
const server = await startServer({ '/pages/': pagesDir, '/corpus/': corpusDir });
const urls = ['/pages/long-article.html', '/pages/single-text-node.html', `/corpus/${largest}`];

console.log(`core/ at ${baseline} (before) vs the working tree (after): findCandidates + resolveMentions, median of ${runs} interleaved runs\n`);
try {
  const chromiumBrowser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
  for (const u of urls) {
    const page = await chromiumBrowser.newPage();
    await page.goto(server.origin + u);
    await page.addScriptTag({ content: pageScript });
    console.log('chromium', u.padEnd(44), JSON.stringify(await page.evaluate(`fcCoreAB(${runs})`)));
    await page.close();
  }
  await chromiumBrowser.close();
  const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true });
  for (const u of urls) {
    const page = await firefox.newPage();
    await page.goto(server.origin + u);
    await page.addScriptTag({ content: pageScript });
    console.log('firefox ', u.padEnd(44), JSON.stringify(await page.evaluate(`fcCoreAB(${runs})`)));
    await page.close();
  }
  await firefox.close();
} finally {
  await server.close();
  rmSync(base, { recursive: true, force: true });
}
