/**
 * The extension end to end, in real Chromium (MV3) and Firefox (MV2) with the built extension, on
 * a short news article served from 127.0.0.1 (tests/e2e/fixtures/article.html): highlights,
 * the hover card and its facts, Escape, the popup, the badge, the consoles and the network.
 * Build first: `npm run build` (or build:chrome + build:firefox); run with `npm run test:e2e`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launch,
  normaliseText,
  sameMention,
  waitUntil,
  type Annotation,
  type BrowserName,
  type ExtensionBrowser,
  type TestPage,
} from '../../scripts/e2e-lib/browsers';
import { DEFAULT_ROOTS, REPO_ROOT, SCREENSHOT_DIR, startServer, type StaticServer } from '../../scripts/e2e-lib/server';

interface PackEntity {
  id: string;
  name: string;
}
interface PackFact {
  id: string;
  entityIds: string[];
  excerpt: string;
  key: boolean;
}
interface PackTimelineEntry {
  title: string;
}
const pack = <T>(file: string): T => JSON.parse(readFileSync(join(REPO_ROOT, 'data/pack', file), 'utf8')) as T;
const ENTITIES = pack<PackEntity[]>('entities.json');
const FACTS = pack<PackFact[]>('facts.json');
const TIMELINE = pack<PackTimelineEntry[]>('timeline.json');

const nameOf = (id: string): string => {
  const entity = ENTITIES.find((e) => e.id === id);
  if (!entity) throw new Error(`entity ${id} is not in data/pack/entities.json`);
  return entity.name;
};
/** Excerpts of the entity's key facts (`key: true`), as the pack holds them. */
const keyExcerpts = (id: string): string[] => FACTS.filter((f) => f.key && f.entityIds.includes(id)).map((f) => f.excerpt);

const ARTICLE = '/fixtures/article.html';
/** Every annotation the article must get, in document order. */
const EXPECTED: Annotation[] = [
  { entity: 'jeff-sessions', text: 'Jeff Sessions' },
  { entity: 'robert-mueller', text: 'Robert Mueller' },
  { entity: 'sessions-recusal', text: 'Sessions’ recusal' },
];
/** Words around each mention in the article, which the popup's list of this tab's mentions quotes. */
const CONTEXTS = ['Jeff Sessions told', 'named Robert Mueller', 'Sessions’ recusal, announced'];
const TRAPS = ['Pete Sessions', 'training sessions'];
const TRAP_CONTEXTS = ['Pete Sessions of', 'training sessions on'];
const SCREENSHOTS = SCREENSHOT_DIR;

const contains = (haystack: string | null, needle: string): boolean =>
  haystack !== null && normaliseText(haystack).includes(normaliseText(needle));

describe.each<BrowserName>(['chromium', 'firefox'])('%s with the built extension', (name) => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let page: TestPage;

  beforeAll(async () => {
    server = await startServer(DEFAULT_ROOTS);
    browser = await launch(name);
    page = await browser.openPage(`${server.origin}${ARTICLE}`);
    // The content script runs at document_idle and scans in slices: wait for its highlights.
    await waitUntil(async () => (await page.readAnnotations()).length >= EXPECTED.length, 15_000, 'the article was not annotated').catch(
      () => undefined, // the assertions below report what is there
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('registers one Highlight per entity under factcheck-<id> in CSS.highlights', async () => {
    const names = await page.evaluate<string[]>('[...CSS.highlights.keys()].filter((n) => n.startsWith("factcheck-")).sort()');
    expect(names).toEqual(['factcheck-jeff-sessions', 'factcheck-robert-mueller', 'factcheck-sessions-recusal']);
  });

  it('styles them from the manifest stylesheet: the page’s own stylesheets are left as they were', async () => {
    // Adopting a sheet into the document after load restyled the whole page (see highlight.ts).
    const sheets = await page.evaluate<{ adopted: number; styles: number }>(
      `({ adopted: document.adoptedStyleSheets.length, styles: document.querySelectorAll('style[data-fc-ui]').length })`,
    );
    expect(sheets).toEqual({ adopted: 0, styles: 0 });
  });

  it('highlights exactly the three mentions, in document order, and nothing on the traps', async () => {
    const { annotations } = await page.readAnnotationsDetailed({ mustNotFind: TRAPS });
    expect(annotations.map((a) => a.entity)).toEqual(EXPECTED.map((e) => e.entity));
    annotations.forEach((a, i) => expect(sameMention(a.text, EXPECTED[i]!.text), `#${i} ${JSON.stringify(a.text)}`).toBe(true));
    expect(annotations.filter((a) => a.mustNot.length > 0)).toEqual([]);
  });

  it('opens a card naming the entity, with one of its key facts from the pack, on hover', async () => {
    for (const mention of EXPECTED) {
      await page.mouseAway();
      await waitUntil(async () => (await page.readTooltip()) === null, 3000, 'the previous card stayed open').catch(() => undefined);
      await page.hover(mention.text);
      const excerpts = keyExcerpts(mention.entity);
      expect(excerpts.length, `key facts of ${mention.entity}`).toBeGreaterThan(0);
      let card: string | null = null;
      await waitUntil(
        async () => {
          card = await page.readTooltip();
          return contains(card, nameOf(mention.entity)) && excerpts.some((x) => contains(card, x));
        },
        5000,
        '',
      ).catch(() => undefined);
      expect(card, `card for ${mention.text}`).not.toBeNull();
      expect(contains(card, nameOf(mention.entity)), `card for ${mention.text} names "${nameOf(mention.entity)}": ${card}`).toBe(true);
      expect(
        excerpts.some((x) => contains(card, x)),
        `card for ${mention.text} quotes a key fact of ${mention.entity}: ${card}`,
      ).toBe(true);
    }
  });

  it('keeps the open card inside the 1280×720 viewport', async () => {
    for (const mention of EXPECTED) {
      await page.mouseAway();
      await waitUntil(async () => (await page.readTooltip()) === null, 3000, 'the previous card stayed open').catch(() => undefined);
      await page.hover(mention.text);
      await page.waitForTooltip((text) => contains(text, nameOf(mention.entity)));
      await new Promise((done) => setTimeout(done, 400)); // let an opening transition finish
      const box = await page.readTooltipBox();
      expect(box, `card box for ${mention.text}`).not.toBeNull();
      const { left, top, right, bottom, viewportWidth, viewportHeight } = box!;
      const where = `card for ${mention.text}: ${JSON.stringify(box)}`;
      expect(left, where).toBeGreaterThanOrEqual(0);
      expect(top, where).toBeGreaterThanOrEqual(0);
      expect(right, where).toBeLessThanOrEqual(viewportWidth);
      expect(bottom, where).toBeLessThanOrEqual(viewportHeight);
    }
  });

  it('saves a screenshot of an open card for the README', async () => {
    await page.mouseAway();
    await waitUntil(async () => (await page.readTooltip()) === null, 3000, 'the previous card stayed open').catch(() => undefined);
    await page.hover('Jeff Sessions');
    const card = await page.waitForTooltip((text) => contains(text, nameOf('jeff-sessions')));
    expect(card).toBeTruthy();
    await new Promise((done) => setTimeout(done, 400)); // let an opening transition finish
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot(join(SCREENSHOTS, `card-${name}.png`));
    expect(await page.readTooltip()).not.toBeNull();
  });

  it('closes the card on Escape', async () => {
    await page.mouseAway();
    await waitUntil(async () => (await page.readTooltip()) === null, 3000, 'the previous card stayed open').catch(() => undefined);
    await page.hover('Robert Mueller');
    await page.waitForTooltip((text) => contains(text, nameOf('robert-mueller')));
    await page.press('Escape');
    const closed = await waitUntil(async () => (await page.readTooltip()) === null, 2000, '').then(
      () => true,
      () => false,
    );
    expect(closed, `card after Escape: ${await page.readTooltip()}`).toBe(true);
  });

  it('shows the story and this tab’s mentions in the popup', async () => {
    const popup = await browser.openPopup(page);
    const bodyText = (): Promise<string> => popup.evaluate<string>('document.body.innerText');
    let story = '';
    await waitUntil(
      async () => {
        story = await bodyText();
        return TIMELINE.every((t) => contains(story, t.title));
      },
      10_000,
      '',
    ).catch(() => undefined);
    for (const entry of TIMELINE) expect(contains(story, entry.title), `story entry "${entry.title}"`).toBe(true);

    // The tab's mentions are on the popup's "On this page" tab.
    await popup.click('[role="tab"]', 'On this page');
    let mentions = '';
    await waitUntil(
      async () => {
        mentions = await bodyText();
        return CONTEXTS.every((c) => contains(mentions, c));
      },
      10_000,
      '',
    ).catch(() => undefined);
    for (const context of CONTEXTS) expect(contains(mentions, context), `this tab's mention "${context}" in: ${mentions}`).toBe(true);
    for (const trap of TRAP_CONTEXTS) expect(contains(mentions, trap), `popup lists the trap "${trap}"`).toBe(false);
    await popup.close();
  });

  it('shows the number of mentions on the toolbar badge', async () => {
    const count = (await page.readAnnotations()).length;
    const tabId = await browser.tabIdOf(page);
    let badge = '';
    await waitUntil(async () => (badge = await browser.badgeText(tabId)) === String(count), 5000, '').catch(() => undefined);
    expect(badge).toBe(String(count));
    expect(count).toBe(EXPECTED.length);
  });

  it('logs no error from the extension', () => {
    const errors = [...browser.consoleErrors(), ...browser.pageErrors()].filter((l) => l.fromExtension);
    expect(errors.map((l) => `${l.source}: ${l.text}`)).toEqual([]);
  });

  it('makes no network request: the page loads only itself from the test server', () => {
    const network = browser.networkRequests().filter((r) => r.network);
    expect(network.filter((r) => r.fromExtension)).toEqual([]);
    const served = new Set([`${server.origin}${ARTICLE}`, `${server.origin}/favicon.ico`]);
    expect(network.filter((r) => !served.has(r.url)).map((r) => r.url)).toEqual([]);
    const fromExtensionOrigins = server.requests.filter((r) => /^(chrome|moz)-extension:/.test(r.origin));
    expect(fromExtensionOrigins).toEqual([]);
  });
});
