/**
 * Content script: finds and highlights mentions on http(s) pages, shows a fact card on hover,
 * and reports the frame's mentions to the background (badge, popup). It never opens IndexedDB
 * (there it would be the page's database): facts come from the background by message.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setMessageSource, t } from '@/components/i18n';
import { LazyRecognizer } from '@/core/match';
import rules from 'virtual:fc-recognition';
import { isEnvelope, sendToBackground } from '@/messaging/client';
import { MAX_REPORTED_MENTIONS, type EntityCard, type MentionSummary, type TabProtocol } from '@/messaging/protocol';
import { isHiddenOn, isPausedOn, readSettings, updateSettings, watchSettings, type Settings } from '@/settings/settings';
import { Annotator, findMentionAgain, isSameMention, isSameMentionText, summarize, yieldToPage, type PaintedMention } from './annotator';
import { HighlightPainter } from './highlight';
import { mentionAtPoint } from './hover';
import { MentionNavigator } from './keyboard';
import { settleLatest } from './settle';
import { TooltipController } from './Tooltip';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  matchAboutBlank: true,
  // blob: and other opaque-URL frames the page makes itself (Chrome 99+; Firefox honours it in MV2 too).
  matchOriginAsFallback: true,
  runAt: 'document_idle',
  main(ctx) {
    // The card's and the announcements' text (content scripts may call i18n.getMessage).
    setMessageSource((key, substitutions) => browser.i18n.getMessage(key, substitutions));
    annotatePage(ctx).catch((error: unknown) => logOnce('annotatePage', error));
  },
});

const logged = new Set<string>();
/** Logs an unexpected failure once per kind, at debug level: a page never sees our errors. */
function logOnce(where: string, error: unknown): void {
  if (logged.has(where)) return;
  logged.add(where);
  console.debug(`[fact-check] ${where}:`, error);
}

/**
 * Identity of a report (entity and TextQuoteSelector of each mention, in order): an unchanged
 * page is not reported twice. Plain concatenation: for 5,000 mentions 3–6 ms, where
 * `JSON.stringify` of the same data took 10–15 ms.
 */
function reportKey(summary: readonly MentionSummary[]): string {
  let key = '';
  for (const { entityId, selector } of summary) key += `${entityId}\u0001${selector.prefix}\u0001${selector.exact}\u0001${selector.suffix}\u0002`;
  return key;
}

const HOVER_OPEN_DELAY_MS = 120;
const HOVER_CLOSE_DELAY_MS = 300;
const REPORT_DELAY_MS = 250;
/** A page that changes more often than every 250 ms (a ticker, a live feed) still reports this often. */
const REPORT_MAX_WAIT_MS = 1000;
/** Mentions per `reportMentions` message: a tenth of the 5,000 whose single message blocked the page. */
const REPORT_PART_MENTIONS = 500;

async function annotatePage(ctx: ContentScriptContext): Promise<void> {
  if (!document.documentElement || !(document instanceof HTMLDocument)) return;
  // The script's first task (evaluating the bundle) stays short: the scan starts in a task of
  // its own once the browser has read the settings (sharing one, they made 52–73 ms tasks).
  // The rules are compiled by the first scan slice that meets a block which may hold a name
  // (about 9 ms); a page that names no one costs the walk and one native test per block.
  const pendingSettings = readSettings();
  const host = location.hostname;
  const recognizer = new LazyRecognizer(rules);
  await yieldToPage();
  let settings: Settings = await pendingSettings;
  if (ctx.isInvalid) return;

  const entityIds = [...rules.persons, ...rules.events].map((e) => e.id);
  const painter = new HighlightPainter(entityIds, settings.highlightStyle);
  const annotator = new Annotator(document, recognizer, painter, {
    isHidden: (id) => isHiddenOn(settings, host, id),
    isInvalid: () => ctx.isInvalid,
    onChange: (mentions) => {
      scheduleReport(mentions);
      followCard();
    },
    liveRangesAcrossNodes: import.meta.env.FIREFOX,
  });

  // Report the frame's mentions to the background, batched; a long report goes in parts of
  // REPORT_PART_MENTIONS, one task each (5,000 mentions in one message: a 57–64 ms task); a
  // page that keeps changing reports at least every REPORT_MAX_WAIT_MS.
  let lastReport = '';
  let reportSeq = 0;
  const scheduleReport = settleLatest<readonly PaintedMention[]>(
    (mentions) => {
      const seq = ++reportSeq;
      const summary = summarize(mentions.slice(0, MAX_REPORTED_MENTIONS));
      const key = reportKey(summary);
      if (key === lastReport) return;
      lastReport = key;
      void (async () => {
        for (let k = 0; k === 0 || k < summary.length; k += REPORT_PART_MENTIONS) {
          if (k > 0) await yieldToPage();
          if (seq !== reportSeq || ctx.isInvalid) return; // a newer report replaces this one
          const mentions = summary.slice(k, k + REPORT_PART_MENTIONS);
          void sendToBackground('reportMentions', { mentions, url: location.href, append: k > 0 });
        }
      })();
    },
    REPORT_DELAY_MS,
    REPORT_MAX_WAIT_MS,
    { setTimeout: (fn, ms) => ctx.setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id), now: () => performance.now() },
  );

  // The card: one at a time, opened on hover, closed on pointer-out or Esc.
  const tooltip = new TooltipController(ctx, () => scheduleClose());
  let current: PaintedMention | undefined;
  let openTimer: number | undefined;
  let closeTimer: number | undefined;
  const cards = new Map<string, Promise<EntityCard | string>>();

  function loadCard(entityId: string, retry = false): Promise<EntityCard | string> {
    if (retry) cards.delete(entityId);
    let pending = cards.get(entityId);
    if (!pending) {
      pending = sendToBackground('getEntityCard', { entityId }).then((reply) => {
        if (reply.ok) return reply.value;
        cards.delete(entityId); // do not cache a failure
        return t('cardUnavailable');
      });
      cards.set(entityId, pending);
    }
    return pending;
  }

  async function open(painted: PaintedMention, rect: DOMRect, retry = false): Promise<void> {
    current = painted;
    const { entityId } = painted.mention;
    const content = (card: EntityCard | undefined, error?: string) => ({
      card,
      error,
      why: painted.mention.why,
      onOpenStory: () => void sendToBackground('openStory', { entityId }),
      onNotThisPerson: () => {
        tooltip.hide();
        void updateSettings((s) => ({
          ...s,
          notThis: { ...s.notThis, [host]: [...new Set([...(s.notThis[host] ?? []), entityId])] },
        }));
      },
      onRetry: () => void open(painted, rect, true),
    });
    const pending = loadCard(entityId, retry);
    await tooltip.show(content(undefined), rect);
    const result = await pending;
    // (a rescan may have painted the same mention again meanwhile: see followCard)
    if (!current || !isSameMentionText(current, painted) || !tooltip.isOpen) return;
    tooltip.update(typeof result === 'string' ? content(undefined, result) : content(result));
  }

  /**
   * After a repaint: the open card stays with its mention, painted again as a new object when
   * its block was rescanned (or over new nodes holding the same text: a framework rendering the
   * paragraph again), and closes once the mention is no longer highlighted (the page changed its
   * text), unless the reader is in the card.
   */
  function followCard(): void {
    if (!current || !tooltip.isOpen) return;
    const old = current;
    let now = annotator.paintedIn(old.paint.startContainer).find((p) => isSameMention(p, old));
    if (!now) {
      // re-rendered into new nodes, or moved within its block: the same text
      const list = annotator.mentions;
      now = list[findMentionAgain(list, old)];
    }
    if (now) current = now;
    else if (!tooltip.hovered && !tooltip.hasFocus) {
      tooltip.hide();
      current = undefined;
    }
  }

  function scheduleClose(): void {
    if (closeTimer) clearTimeout(closeTimer);
    closeTimer = ctx.setTimeout(() => {
      if (!tooltip.hovered && !keyboard.holdsCard) {
        tooltip.hide();
        current = undefined;
      }
    }, HOVER_CLOSE_DELAY_MS);
  }

  let frameRequested = false;
  let lastPointer = { x: 0, y: 0 };
  ctx.addEventListener(
    document,
    'pointermove',
    (event) => {
      lastPointer = { x: event.clientX, y: event.clientY };
      if (frameRequested) return;
      frameRequested = true;
      ctx.requestAnimationFrame(() => {
        frameRequested = false;
        if (tooltip.hovered) return;
        const hit = mentionAtPoint(document, annotator, lastPointer.x, lastPointer.y, annotator.shadowRoots);
        if (hit) {
          if (closeTimer) clearTimeout(closeTimer);
          if (hit.painted === current && tooltip.isOpen) return;
          if (openTimer) clearTimeout(openTimer);
          openTimer = ctx.setTimeout(() => {
            keyboard.release();
            void open(hit.painted, hit.rect).catch((e: unknown) => logOnce('open card', e));
          }, HOVER_OPEN_DELAY_MS);
        } else {
          if (openTimer) clearTimeout(openTimer);
          if (tooltip.isOpen) scheduleClose();
        }
      });
    },
    { capture: true, passive: true },
  );
  ctx.addEventListener(
    document,
    'keydown',
    (event) => {
      if (event.key === 'Escape' && tooltip.isOpen) {
        tooltip.hide();
        current = undefined;
      }
    },
    { capture: true },
  );
  // On scroll the card follows its mention, and closes once the mention leaves the viewport
  // (closing on any scroll lost cards to the 1–2 px a page may scroll by itself).
  ctx.addEventListener(
    window,
    'scroll',
    () => {
      if (!tooltip.isOpen || tooltip.hovered || !current) return;
      const rect = current.range.getBoundingClientRect();
      const visible = rect.bottom > 0 && rect.top < window.innerHeight && (rect.width > 0 || rect.height > 0);
      if (visible) tooltip.reposition(rect);
      else {
        tooltip.hide();
        current = undefined;
      }
    },
    { capture: true, passive: true },
  );

  // --- keyboard and assistive technology (issue 5; see keyboard.ts) ---
  const names = new Map([...rules.persons, ...rules.events].map((e) => [e.id, e.label]));
  const keyboard = new MentionNavigator(ctx, {
    mentions: () => annotator.mentions,
    openCard: (painted, rect) => open(painted, rect),
    card: tooltip,
    nameOf: (id) => names.get(id) ?? id,
  });
  tooltip.onHidden = (hadFocus) => keyboard.cardClosed(hadFocus);

  // The popup reveals one of the frame's mentions; the background's keyboard commands move
  // through them. Both scroll to the mention and open its card with focus (keyboard.ts).
  const onMessage = (message: unknown): Promise<unknown> | undefined => {
    if (!isEnvelope(message)) return undefined;
    if (message.type === 'revealMention') {
      const { index } = message.payload as TabProtocol['revealMention']['request'];
      if (!Number.isInteger(index)) return Promise.resolve({ ok: false, code: 'bad-request', message: 'index' });
      return keyboard.reveal(index).then((value) => ({ ok: true, value }));
    }
    if (message.type === 'focusMention' && window === window.top) {
      const { direction } = message.payload as TabProtocol['focusMention']['request'];
      if (direction !== 'next' && direction !== 'previous') {
        return Promise.resolve({ ok: false, code: 'bad-request', message: 'direction' });
      }
      return keyboard.move(direction).then((value) => ({ ok: true, value }));
    }
    if (message.type === 'getPageHost' && window === window.top) return Promise.resolve({ ok: true, value: host });
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);

  // Settings apply to the open tab without reload.
  let running = false;
  async function apply(next: Settings): Promise<void> {
    const before = settings;
    settings = next;
    if (isPausedOn(settings, host)) {
      if (running) {
        annotator.stop();
        tooltip.hide();
        running = false;
        scheduleReport([]);
      }
      return;
    }
    if (before.highlightStyle !== settings.highlightStyle) painter.setStyle(settings.highlightStyle);
    if (!running) {
      running = true;
      await annotator.start();
    } else {
      await annotator.refresh();
    }
  }
  const unwatch = watchSettings((next) => void apply(next).catch((e: unknown) => logOnce('settings', e)));

  ctx.onInvalidated(() => {
    unwatch();
    browser.runtime.onMessage.removeListener(onMessage);
    annotator.stop();
    painter.dispose();
    tooltip.hide();
  });

  await apply(settings);
}
