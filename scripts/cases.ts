/**
 * `npm run cases`: runs every case of `../shared/cases` in real Chromium and Firefox with the
 * built extension, following `../shared/cases/README.md`:
 * serve the folder on 127.0.0.1, open NAME.html at 1280×720, wait for `window.caseReady`, let the
 * extension settle, do what the notes ask (hover every mention; stop the background for
 * background-restart-late-mention), compare the annotations with `mentions` / `mustNotFind` /
 * `mayFind` and evaluate `pageCheck` in the page's main world.
 *
 * Options:
 *   --browser=chromium|firefox|both   (default both)
 *   --only=name,name                  run only these cases
 *   --screenshots DIR                 save DIR/<browser>-<case>.png with the first mention's card open
 *   --report-only                     exit 0 even when a case fails (CI reporting)
 *   --retries=N                       run a failed case again, up to N times, in a fresh browser
 *                                     (a load-sensitive page check on a busy machine); a pass on
 *                                     retry is printed with the first attempt's reasons
 *   --chromium-ext=DIR --firefox-ext=DIR   other builds than .output/chrome-mv3 / firefox-mv2
 *
 * Prints `PASS|FAIL <browser> <case>[: reason]` per case and browser, then `N passed, N failed`.
 * Build first: `npm run build:chrome && npm run build:firefox`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  launch,
  normaliseText,
  sleep,
  waitUntil,
  type BrowserName,
  type DetailedAnnotation,
  type ExtensionBrowser,
  type TestPage,
} from './e2e-lib/browsers';
import { compareMentions, showMention as show } from './e2e-lib/compare';
import { parseRunnerOptions } from './e2e-lib/cli';
import { DEFAULT_ROOTS, REPO_ROOT, startServer, type StaticServer } from './e2e-lib/server';

/** One `NAME.expect.json`, as the cases README defines it. */
interface CaseExpectation {
  report: string;
  kind: string;
  mentions: { entity: string; text: string }[];
  mustNotFind?: string[];
  mayFind?: string[];
  pageCheck?: string;
  notes?: string;
}

interface CaseResult {
  ok: boolean;
  reasons: string[];
  notes: string[];
}

const CASES_DIR = join(REPO_ROOT, '../shared/cases');
const SETTLE_MS = 1000;
const CASE_READY_TIMEOUT_MS = 40_000;
/** Per case: a minute, plus time to hover each expected mention. */
const caseTimeoutMs = (mentions: number): number => 60_000 + 2500 * mentions;
const RUN_BUDGET_MS = 9.5 * 60_000;
const CARD_TIMEOUT_MS = 5000;
/** A card slower than this is named in the case's notes (it still passes). */
const SLOW_CARD_MS = 2000;
/** Cards slower than SLOW_CARD_MS in the current case. */
const slowCards: string[] = [];
/** Messages that mean the content script lost its background (background-restart notes). */
const LOST_BACKGROUND = /Receiving end does not exist|Extension context invalidated|Could not establish connection/i;

function parseArgs(argv: string[]): {
  browsers: BrowserName[];
  only: string[] | null;
  screenshots: string | null;
  reportOnly: boolean;
  ext: Partial<Record<BrowserName, string>>;
  retries: number;
} {
  const { browsers, only, reportOnly, ext, value } = parseRunnerOptions(argv);
  const screenshots = value('screenshots');
  const retries = Number(value('retries') ?? '0');
  return {
    browsers,
    only,
    screenshots: screenshots ? resolve(screenshots) : null,
    reportOnly,
    ext,
    retries: Number.isInteger(retries) && retries >= 0 ? retries : 0,
  };
}

/** Names of every case (NAME.expect.json with its NAME.html) in the cases folder, sorted. */
function listCases(): string[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.expect.json'))
    .map((f) => f.slice(0, -'.expect.json'.length))
    .filter((name) => existsSync(join(CASES_DIR, `${name}.html`)))
    .sort();
}

/** Display names of the pack's entities (`data/pack/entities.json`), by id; empty without a pack. */
function entityNames(): Map<string, string> {
  const file = join(REPO_ROOT, 'data/pack/entities.json');
  if (!existsSync(file)) return new Map();
  const list = JSON.parse(readFileSync(file, 'utf8')) as { id: string; name: string }[];
  return new Map(list.map((e) => [e.id, e.name]));
}
const NAMES = entityNames();

/**
 * Closes any open card (mouse to a blank corner, then Escape if it stays), hovers annotation
 * `i` and waits for a card that names its entity (the pack's `name`).
 * @returns A failure reason, or null when the right card opened.
 */
async function hoverAndReadCard(page: TestPage, i: number, label: string, entity: string): Promise<string | null> {
  await page.mouseAway();
  if (!(await waitUntil(async () => (await page.readTooltip()) === null, 1500, '').catch(() => false))) {
    await page.press('Escape');
    await waitUntil(async () => (await page.readTooltip()) === null, 1000, '').catch(() => false);
  }
  try {
    await page.hoverAnnotation(i);
  } catch (error) {
    return `cannot hover ${label}: ${(error as Error).message}`;
  }
  const name = NAMES.get(entity);
  const started = Date.now();
  let last: string | null = null;
  const named = await waitUntil(
    async () => {
      last = await page.readTooltip();
      return last !== null && (!name || normaliseText(last).includes(normaliseText(name)));
    },
    CARD_TIMEOUT_MS,
    '',
  ).catch(() => false);
  if (named) {
    const ms = Date.now() - started;
    if (ms > SLOW_CARD_MS) slowCards.push(`${label} after ${(ms / 1000).toFixed(1)} s`);
    return null;
  }
  const shown: string | null = last;
  return shown === null
    ? `hovering ${label} showed no card within ${CARD_TIMEOUT_MS} ms`
    : `hovering ${label} showed, after ${CARD_TIMEOUT_MS} ms, a card without "${name}": ${JSON.stringify((shown as string).slice(0, 80))}…`;
}

/** Per browser, how many of its `backgroundErrors()` the previous case already judged. */
const backgroundCounted = new WeakMap<ExtensionBrowser, number>();

async function runCase(
  browser: ExtensionBrowser,
  server: StaticServer,
  name: string,
  expect: CaseExpectation,
  screenshots: string | null,
): Promise<CaseResult> {
  const result: CaseResult = { ok: true, reasons: [], notes: [] };
  const fail = (reason: string): void => {
    result.ok = false;
    result.reasons.push(reason);
  };
  const mustNotFind = expect.mustNotFind ?? [];
  const mayFind = expect.mayFind ?? [];
  const restartCase = name === 'background-restart-late-mention';
  // Background errors since the previous case was judged: clearRecords() keeps backgroundErrors().
  const between = browser.backgroundErrors().slice(backgroundCounted.get(browser) ?? 0);
  browser.clearRecords();
  slowCards.length = 0;

  const url = `${server.origin}/cases/${name}.html${restartCase ? '?delay=5000' : ''}`;
  const page = await browser.openPage(url);
  try {
    if (!(await page.supportsHighlights())) fail('this browser has no CSS.highlights');

    if (restartCase) {
      // Notes: let the first two mentions be annotated, hover one, then stop the background
      // before the late update (at 5 s) arrives.
      await waitUntil(async () => (await page.readAnnotations()).length >= 2, 4000, 'the first two mentions were not annotated').catch(
        (error: Error) => fail(error.message),
      );
      const first = (await page.readAnnotations())[0];
      const early = await hoverAndReadCard(page, 0, 'an early mention before the restart', first?.entity ?? '');
      if (early) fail(early);
      await page.mouseAway();
      const stopped = await browser.stopBackground();
      const lateAlready = await page.evaluate<boolean>('window.caseState.lateAdded === true');
      if (!stopped) result.notes.push('background not stopped (this browser keeps a persistent background page)');
      else if (lateAlready) fail('harness too slow: the background was stopped after the late update arrived');
      else result.notes.push('background stopped before the late update');
    }

    await page.waitForCaseReady(restartCase ? 20_000 : CASE_READY_TIMEOUT_MS);
    await sleep(SETTLE_MS);

    // Notes: hover every mention (cards must open), before pageCheck.
    const before = await page.readAnnotationsDetailed({ mustNotFind, mayFind });
    for (let i = 0; i < before.annotations.length; i++) {
      const a = before.annotations[i]!;
      if (a.may || a.mustNot.length) continue;
      const problem = await hoverAndReadCard(page, i, `#${i} ${show(a)}`, a.entity);
      if (problem) fail(problem);
    }
    await page.mouseAway();
    await page.press('Escape');
    await sleep(300);

    if (expect.pageCheck) {
      try {
        const value = await page.evaluate<unknown>(expect.pageCheck);
        if (value !== true) {
          const state = await page
            .evaluate<string>('JSON.stringify(window.caseState, (k, v) => (typeof v === "string" && v.length > 80 ? v.slice(0, 80) + "…" : v))')
            .catch(() => 'unavailable');
          fail(`pageCheck returned ${JSON.stringify(value)}: ${expect.pageCheck} (caseState ${(state ?? 'undefined').slice(0, 400)})`);
        }
      } catch (error) {
        fail(`pageCheck threw ${(error as Error).message.split('\n')[0]}: ${expect.pageCheck}`);
      }
    }

    const { annotations, stale } = await page.readAnnotationsDetailed({ mustNotFind, mayFind });
    for (const a of annotations)
      for (const needle of a.mustNot) fail(`annotation ${show(a)} overlaps mustNotFind ${JSON.stringify(needle)}`);
    const judged: DetailedAnnotation[] = annotations.filter((a) => !a.may);
    for (const reason of compareMentions(expect.mentions, judged)) fail(reason);
    if (slowCards.length) result.notes.push(`slow cards: ${slowCards.join(', ')}`);
    if (stale.length) result.notes.push(`${stale.length} highlight range(s) paint nothing (${[...new Set(stale.map((s) => s.reason))].join(', ')})`);

    if (restartCase) {
      const lost = [...browser.consoleMessages(), ...browser.pageErrors()].filter((l) => LOST_BACKGROUND.test(l.text));
      for (const l of lost) fail(`console: ${l.text.split('\n')[0]} (${l.source})`);
    }
    // Any error from the extension fails the case (issue #4: no error from any part of it).
    backgroundCounted.set(browser, browser.backgroundErrors().length);
    for (const l of between) fail(`background ${l.type} before this case: ${l.text.split('\n')[0]} (${l.source})`);
    const extErrors = [...browser.consoleErrors(), ...browser.pageErrors()].filter((l) => l.fromExtension);
    for (const l of extErrors.filter((l) => l.background)) fail(`background ${l.type}: ${l.text.split('\n')[0]} (${l.source})`);
    for (const l of extErrors.filter((l) => !l.background)) fail(`extension ${l.type}: ${l.text.split('\n')[0]} (${l.source})`);

    if (screenshots) {
      mkdirSync(screenshots, { recursive: true });
      if (annotations[0]) await hoverAndReadCard(page, 0, 'the first mention', annotations[0].entity);
      await page.screenshot(join(screenshots, `${browser.name}-${name}.png`));
    }
  } finally {
    await browser.closePages();
  }
  return result;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(CASES_DIR)) {
    console.error(`no cases folder at ${CASES_DIR} (../shared/cases beside the repository)`);
    return 2;
  }
  const all = listCases();
  const unknown = (options.only ?? []).filter((n) => !all.includes(n));
  if (unknown.length) {
    console.error(`unknown case(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);
    return 2;
  }
  const names = options.only ? all.filter((n) => options.only!.includes(n)) : all;
  const server = await startServer(DEFAULT_ROOTS);
  const deadline = Date.now() + RUN_BUDGET_MS;
  let passed = 0;
  let failed = 0;
  const report = (ok: boolean, browserName: string, name: string, reasons: string[], notes: string[]): void => {
    if (ok) passed++;
    else failed++;
    const tail = [...(ok ? [] : [reasons.join('; ')]), ...(notes.length ? [`[${notes.join('; ')}]`] : [])].join(' ');
    console.log(`${ok ? 'PASS' : 'FAIL'} ${browserName} ${name}${ok ? (tail ? ` ${tail}` : '') : `: ${tail}`}`);
  };
  try {
    for (const browserName of options.browsers) {
      let browser: ExtensionBrowser | null = null;
      const start = async (): Promise<ExtensionBrowser> => launch(browserName, { extensionDir: options.ext[browserName] });
      try {
        browser = await start();
      } catch (error) {
        for (const name of names) report(false, browserName, name, [`browser did not start: ${(error as Error).message.split('\n')[0]}`], []);
        continue;
      }
      for (const name of names) {
        if (Date.now() > deadline) {
          report(false, browserName, name, ['not run: the run exceeded its time budget'], []);
          continue;
        }
        const expect = JSON.parse(readFileSync(join(CASES_DIR, `${name}.expect.json`), 'utf8')) as CaseExpectation;
        const earlier: string[] = [];
        for (let attempt = 0; ; attempt++) {
          let r: { ok: boolean; reasons: string[]; notes: string[] };
          try {
            if (!browser) browser = await start();
            r = await withTimeout(runCase(browser, server, name, expect, options.screenshots), caseTimeoutMs(expect.mentions.length), name);
          } catch (error) {
            r = { ok: false, reasons: [(error as Error).message.split('\n')[0] ?? String(error)], notes: [] };
            // A timed-out or crashed case may leave the browser unusable: start afresh.
            await browser?.close().catch(() => undefined);
            browser = null;
          }
          if (r.ok || attempt >= options.retries || Date.now() > deadline) {
            const notes = earlier.length ? [...r.notes, `passed on attempt ${attempt + 1}; before: ${earlier.join(' | ')}`] : r.notes;
            report(r.ok, browserName, name, r.reasons, r.ok ? notes : r.notes);
            break;
          }
          earlier.push(r.reasons.join('; '));
          await browser?.close().catch(() => undefined);
          browser = null;
        }
      }
      await browser?.close().catch(() => undefined);
    }
  } finally {
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 && !options.reportOnly ? 1 : 0;
}

process.exit(await main());
