/**
 * Keyboard and assistive-technology access to a frame's mentions (issue 5).
 *
 * The browser commands `next-mention` / `previous-mention` (background `handleCommand`) and the
 * popup's "On this page" list both end here: the mention is scrolled to the middle of the
 * viewport, marked with a focus ring (the `fc-focus` highlight), optionally flashed (`fc-flash`),
 * and its card is opened as a non-modal dialog that takes focus. "Mention 3 of 7: Jeff Sessions"
 * is announced through the card's live region. When the card closes (Esc, or anything else that
 * closes it) focus goes back to where it was, if it was in the card.
 *
 * Like the painter, this never touches the page's nodes: the marks are Highlights in
 * `CSS.highlights`, styled in the document by the content script's manifest stylesheet (see
 * highlight.ts; it ends with {@link MARKS_CSS}) and in a shadow root by a constructed stylesheet
 * the root adopts. Their names start `fc-`, not `factcheck-`: `factcheck-…` names an entity.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { t } from '@/components/i18n';
import type { EntityId } from '@/core/types';
import type { FocusDirection } from '@/messaging/protocol';
import { findMentionAgain, type PaintedMention } from './annotator';
import { FLASH_HIGHLIGHT, FOCUS_HIGHLIGHT, MARKS_CSS } from './highlight';

/** How long the flash lasts, in ms (two pulses; one steady mark with reduced motion). */
export const FLASH_MS = 1400;
/** Longest wait for our own scroll to settle, in ms (animation frames do not run in hidden tabs). */
const FRAME_WAIT_MAX_MS = 120;
/** Delay between opening the card and announcing the mention, in ms: a live region added with
 * the card needs a moment in the accessibility tree before a change to it is spoken. */
const ANNOUNCE_DELAY_MS = 150;

/**
 * The position to move to from `current` (0-based, -1 for none) among `total` mentions, wrapping
 * at both ends: the first "next" goes to the first mention, the first "previous" to the last.
 * @returns -1 when there are no mentions.
 */
export function stepIndex(current: number, total: number, direction: FocusDirection): number {
  if (total <= 0) return -1;
  if (current < 0 || current >= total) return direction === 'next' ? 0 : total - 1;
  return direction === 'next' ? (current + 1) % total : (current - 1 + total) % total;
}

/**
 * The position to move to from `current`, a mention the reader moved to earlier, in `list` (the
 * frame's mentions now, in document order) when the page or the annotator may have changed the
 * list since: from `current` itself, or from the same mention painted again (see
 * `isSameMention`), or rendered again into new nodes (the same text: see
 * `findMentionAgain`); when it left, from where it stood, so that "next" goes to the first
 * mention after that place (none is skipped, none repeated). Falls back to `lastIndex` (0-based,
 * -1 for none) when `current` cannot be placed (its nodes are in another tree).
 * @returns A 0-based index into `list`, or -1 when it is empty.
 */
export function resumeIndex(list: readonly PaintedMention[], current: PaintedMention | undefined, lastIndex: number, direction: FocusDirection): number {
  const total = list.length;
  if (!current) return stepIndex(-1, total, direction);
  const at = list.indexOf(current);
  if (at >= 0) return stepIndex(at, total, direction);
  const lo = firstAtOrAfter(list, current);
  // `current` painted again, or rendered again into new nodes (the same text)
  const again = findMentionAgain(list, current, lo ?? lastIndex);
  if (again >= 0) return stepIndex(again, total, direction);
  if (lo === undefined || total === 0) return stepIndex(Math.min(lastIndex, total - 1), total, direction);
  return direction === 'next' ? lo % total : (lo - 1 + total) % total;
}

/**
 * The index of the first mention in `list` (document order) that starts at or after the start
 * of `current` (binary search; `list.length` when none does), or undefined when their positions
 * do not compare (`current`'s nodes are in another tree).
 */
function firstAtOrAfter(list: readonly PaintedMention[], current: PaintedMention): number | undefined {
  try {
    const range = current.range;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = list[mid]!.paint;
      if (range.comparePoint(p.startContainer, p.startOffset) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  } catch {
    return undefined;
  }
}

/** The announcement for the mention at `index` (0-based) of `total`. */
export function announcement(index: number, total: number, name: string): string {
  return t('mentionAnnouncement', [index + 1, total, name]);
}

/** The two marks (focus ring and flash) and their stylesheet; `dispose()` removes every trace. */
export class MentionMarks {
  private focus: Highlight | undefined;
  private flash: Highlight | undefined;
  private sheet: CSSStyleSheet | undefined;
  private readonly styled = new Set<ShadowRoot>();
  private flashTimers: number[] = [];

  /** False where the browser lacks the CSS Custom Highlight API (nothing is drawn). */
  readonly supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

  constructor(private readonly ctx: ContentScriptContext) {}

  /** Draws the focus ring on `range` only (or nowhere when `undefined`). */
  setFocus(range: Range | undefined): void {
    if (!this.supported) return;
    this.focus ??= this.register(FOCUS_HIGHLIGHT, 1);
    this.focus.clear();
    if (range) {
      this.styleRoot(range);
      this.focus.add(range);
    }
  }

  /**
   * Flashes `range` for {@link FLASH_MS}: on, off, on, off. With `prefers-reduced-motion` it is
   * one steady mark for the same time, without blinking.
   */
  flashRange(range: Range): void {
    if (!this.supported) return;
    this.flash ??= this.register(FLASH_HIGHLIGHT, 2);
    for (const t of this.flashTimers) clearTimeout(t);
    const flash = this.flash;
    flash.clear();
    this.styleRoot(range);
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const steps = reduce ? [0, FLASH_MS] : [0, FLASH_MS * 0.3, FLASH_MS * 0.45, FLASH_MS];
    this.flashTimers = steps.map((at, i) =>
      this.ctx.setTimeout(() => (i % 2 === 0 ? flash.add(range) : flash.delete(range)), at),
    );
  }

  /** Unregisters both Highlights and removes the stylesheet from every root it was adopted by. */
  dispose(): void {
    for (const t of this.flashTimers) clearTimeout(t);
    if (this.supported) {
      CSS.highlights.delete(FOCUS_HIGHLIGHT);
      CSS.highlights.delete(FLASH_HIGHLIGHT);
    }
    this.focus = this.flash = undefined;
    for (const root of this.styled) {
      if (this.sheet) root.adoptedStyleSheets = Array.from(root.adoptedStyleSheets).filter((s) => s !== this.sheet);
    }
    this.styled.clear();
  }

  private register(name: string, priority: number): Highlight {
    const highlight = new Highlight();
    highlight.priority = priority; // above the entity highlights (priority 0)
    CSS.highlights.set(name, highlight);
    return highlight;
  }

  /**
   * Makes sure the marks' rules reach the tree holding `range`: the document has them from the
   * manifest stylesheet (adopting one there would restyle the whole page); a shadow root adopts.
   */
  private styleRoot(range: Range): void {
    const root = range.startContainer.getRootNode();
    if (root.nodeType !== 11) return;
    const target = root as ShadowRoot;
    try {
      this.sheet ??= new (target.ownerDocument.defaultView ?? window).CSSStyleSheet();
      if (!this.sheet.cssRules.length) this.sheet.replaceSync(MARKS_CSS);
      // A page may reassign adoptedStyleSheets: re-adopt when ours was dropped.
      if (!Array.from(target.adoptedStyleSheets).includes(this.sheet)) {
        target.adoptedStyleSheets = [...Array.from(target.adoptedStyleSheets), this.sheet];
      }
      this.styled.add(target);
    } catch {
      // No constructable stylesheets: the marks stay unstyled, the card still opens.
    }
  }
}

/** What the navigator needs from the content script. */
export interface NavigatorDeps {
  /** Every painted mention of the frame, in document order. */
  mentions: () => readonly PaintedMention[];
  /** Opens the card of `painted` beside `rect`; resolves once it shows its facts (or an error). */
  openCard: (painted: PaintedMention, rect: DOMRect) => Promise<void>;
  /** The card (see Tooltip.tsx): focus management and the live region. */
  card: {
    readonly isOpen: boolean;
    readonly hasFocus: boolean;
    focusCard(): void;
    announce(text: string): void;
  };
  /** A person's or event's name for announcements. */
  nameOf: (entityId: EntityId) => string;
  /** The focus ring and flash; default a {@link MentionMarks} of `ctx`. */
  marks?: Pick<MentionMarks, 'setFocus' | 'flashRange' | 'dispose'>;
}

/** Moves through a frame's mentions by keyboard and reveals the ones the popup asks for. */
export class MentionNavigator {
  private current: PaintedMention | undefined;
  private index = -1;
  private returnFocus: HTMLElement | undefined;
  private held = false;
  /** Moves in progress (a reader may press the key again before a card opens). */
  private showing = 0;
  private generation = 0;
  private readonly marks: Pick<MentionMarks, 'setFocus' | 'flashRange' | 'dispose'>;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly deps: NavigatorDeps,
  ) {
    this.marks = deps.marks ?? new MentionMarks(ctx);
    ctx.onInvalidated(() => this.marks.dispose());
  }

  /**
   * True while the open card was opened by keyboard or from the popup: pointer movement
   * elsewhere must not close it (WCAG 1.4.13: it stays until Esc or until the reader moves on).
   */
  get holdsCard(): boolean {
    return this.held && this.deps.card.isOpen;
  }

  /** The reader moved on by pointer: the open card is a hover card again. */
  release(): void {
    this.held = false;
    this.generation++;
    this.marks.setFocus(undefined);
  }

  /** Moves to the next or previous mention (wrapping) and opens its card with focus. */
  async move(direction: FocusDirection): Promise<{ position: number; total: number } | null> {
    const list = this.deps.mentions();
    // The page may have changed since the last move: continue from the same mention if it is
    // still there, else from where it stood.
    const next = resumeIndex(list, this.current, this.index, direction);
    if (next < 0) return null;
    await this.show(next, { flash: false });
    return { position: next + 1, total: list.length };
  }

  /** Scrolls to mention `index`, flashes it and opens its card with focus (the popup's list). */
  async reveal(index: number): Promise<boolean> {
    if (!this.deps.mentions()[index]) return false;
    await this.show(index, { flash: true });
    return true;
  }

  /**
   * The card closed (any reason). Clears the focus ring and, when focus was inside the card,
   * returns it to where it was before the card took it.
   */
  cardClosed(hadFocus: boolean): void {
    this.held = false;
    this.marks.setFocus(undefined);
    // Moving on from an open card may close it (our own scroll does): focus goes to the next one.
    if (this.showing > 0) return;
    const back = this.returnFocus;
    this.returnFocus = undefined;
    if (hadFocus && back?.isConnected) back.focus({ preventScroll: true });
  }

  private async show(index: number, options: { flash: boolean }): Promise<void> {
    this.showing++;
    try {
      await this.showOnce(index, options);
    } finally {
      this.showing--;
    }
  }

  private async showOnce(index: number, options: { flash: boolean }): Promise<void> {
    const list = this.deps.mentions();
    const painted = list[index];
    if (!painted) return;
    const generation = ++this.generation;
    this.current = painted;
    this.index = index;
    if (!this.deps.card.hasFocus) this.returnFocus = activeElementOutsideCard();
    const el = painted.range.startContainer.parentElement;
    // 'instant' overrides a page's `scroll-behavior: smooth`: the card is placed once, after it.
    el?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    // Our own scroll fires its scroll event on the next frame, and the content script closes an
    // open card on scroll: open the card after that.
    await this.frames(2);
    if (generation !== this.generation || this.ctx.isInvalid) return;
    this.marks.setFocus(painted.range);
    if (options.flash) this.marks.flashRange(painted.range);
    const rects = Array.from(painted.range.getClientRects()).filter((r) => r.width > 0 || r.height > 0);
    this.held = true;
    await this.deps.openCard(painted, rects[0] ?? painted.range.getBoundingClientRect());
    if (generation !== this.generation || !this.deps.card.isOpen) return;
    this.marks.setFocus(painted.range); // opening a card may have closed the previous one
    this.held = true;
    this.deps.card.focusCard();
    this.ctx.setTimeout(() => {
      if (generation !== this.generation) return;
      // the list may have grown or shrunk since the move (a scan or the page went on): say where it is now
      const now = this.deps.mentions();
      const at = findMentionAgain(now, painted, index);
      if (at >= 0) this.deps.card.announce(announcement(at, now.length, this.deps.nameOf(painted.mention.entityId)));
    }, ANNOUNCE_DELAY_MS);
  }

  /**
   * Resolves after `count` animation frames, or after {@link FRAME_WAIT_MAX_MS} in a hidden tab
   * (no frames run there: the popup opened as a tab reveals mentions in a background tab).
   */
  private frames(count: number): Promise<void> {
    return new Promise((resolve) => {
      const step = (left: number) => (left ? this.ctx.requestAnimationFrame(() => step(left - 1)) : resolve());
      step(count);
      this.ctx.setTimeout(resolve, FRAME_WAIT_MAX_MS);
    });
  }
}

/**
 * The focused element of the page, through open shadow roots, unless it is one of our hosts.
 * `undefined` when nothing but the body has focus (there is nothing to return to).
 */
function activeElementOutsideCard(): HTMLElement | undefined {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement && !el.localName.startsWith('fc-')) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el.localName.startsWith('fc-')) return undefined;
  return el instanceof HTMLElement || (el as { focus?: unknown }).focus ? (el as HTMLElement) : undefined;
}
