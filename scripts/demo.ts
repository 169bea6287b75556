/**
 * `npm run demo`: builds the Chrome extension, serves the bundled demo article from 127.0.0.1
 * and opens Chromium (Debian's `chromium`, or `CHROMIUM_PATH`) with the extension loaded.
 *
 * `npm run demo -- --headless --screenshot FILE` instead hovers the first mention, waits for
 * its card, saves a screenshot of the page with the card open to FILE and exits.
 * Exits 1 with "Chromium not found: install it with `apt-get install chromium`" when no browser.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './e2e-lib/browsers';
import { REPO_ROOT, startServer } from './e2e-lib/server';

const args = process.argv.slice(2);
const headless = args.includes('--headless');
const shotIndex = args.indexOf('--screenshot');
const screenshot = shotIndex >= 0 ? args[shotIndex + 1] : undefined;
if (shotIndex >= 0 && !screenshot) {
  console.error('usage: npm run demo -- [--headless] [--screenshot FILE]');
  process.exit(2);
}

// A visible browser needs a display: say so plainly instead of Chromium's stack trace.
if (!headless && !screenshot && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('npm run demo opens a browser window, and this machine has no display ($DISPLAY is not set).');
  console.error('Use `npm run demo -- --headless --screenshot FILE` to save a picture of an open card instead.');
  process.exit(2);
}

let executablePath: string;
try {
  executablePath = chromiumPath();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

if (!args.includes('--no-build')) execFileSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
const extDir = join(REPO_ROOT, '.output/chrome-mv3');
const server = await startServer({ '/': join(REPO_ROOT, 'demo') });
const url = `${server.origin}/article.html`;
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fc-demo-')), {
  executablePath,
  headless: headless || !!screenshot,
  viewport: { width: 1280, height: 720 },
  // Not hermetic: in the demo the reader may follow a source link.
  args: chromiumArgs(extDir, false),
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(url);
console.log(`Demo article: ${url}`);

if (!screenshot) {
  console.log('Hover a highlighted name to see its card; close the browser to stop.');
  await new Promise<void>((done) => context.on('close', () => done()));
  await server.close();
  process.exit(0);
}

// Wait for the highlights, then hover the first mention of Jeff Sessions as a reader would.
await page.waitForFunction(() => (CSS.highlights.get('factcheck-jeff-sessions')?.size ?? 0) > 0, null, {
  timeout: 15_000,
});
const point = await page.evaluate(() => {
  // The highlight holds StaticRanges (no geometry): measure a live Range over the same text.
  const [first] = [...(CSS.highlights.get('factcheck-jeff-sessions') as Highlight)] as AbstractRange[];
  const range = document.createRange();
  range.setStart(first!.startContainer, first!.startOffset);
  range.setEnd(first!.endContainer, first!.endOffset);
  const rect = range.getClientRects()[0]!;
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
});
await page.mouse.move(point.x - 30, point.y + 40);
await page.mouse.move(point.x, point.y, { steps: 5 });
await page.waitForFunction(
  () => /Jeff Sessions/.test(document.querySelector('fc-tooltip')?.shadowRoot?.textContent ?? '') &&
    !/Loading facts/.test(document.querySelector('fc-tooltip')?.shadowRoot?.textContent ?? ''),
  null,
  { timeout: 15_000 },
);
await page.waitForTimeout(300); // let the card's entrance animation finish
const file = resolve(screenshot);
mkdirSync(dirname(file), { recursive: true });
await page.screenshot({ path: file });
console.log(`Screenshot with the card open: ${file}`);
await context.close();
await server.close();
