// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PaintedMention } from '@/entrypoints/mentions.content/annotator';
import { announcement, MentionNavigator, stepIndex } from '@/entrypoints/mentions.content/keyboard';

describe('stepIndex', () => {
  it('starts at the first (next) or last (previous) mention and wraps at both ends', () => {
    expect(stepIndex(-1, 3, 'next')).toBe(0);
    expect(stepIndex(-1, 3, 'previous')).toBe(2);
    expect(stepIndex(0, 3, 'next')).toBe(1);
    expect(stepIndex(2, 3, 'next')).toBe(0);
    expect(stepIndex(0, 3, 'previous')).toBe(2);
    expect(stepIndex(5, 3, 'next')).toBe(0);
    expect(stepIndex(-1, 0, 'next')).toBe(-1);
  });

  it('announces the position and the name', () => {
    expect(announcement(2, 7, 'Jeff Sessions')).toBe('Mention 3 of 7: Jeff Sessions');
  });
});

/** A painted mention of `entityId` over `text`'s characters `start`…`end`, its block that node's text. */
function paintedAt(text: Text, start: number, end: number, entityId: string): PaintedMention {
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, end);
  return { mention: { entityId, start, end, why: '' } as never, range, paint: range, record: { block: { text: text.data } } as never };
}

/** A page with three mentions, a card that records what happens to it, and a synchronous ctx. */
function setup() {
  document.body.innerHTML = '<p>Jeff Sessions met Robert Mueller. Sessions left.</p><button id="before">before</button>';
  const text = document.querySelector('p')!.firstChild as Text;
  const mentions = [paintedAt(text, 0, 13, 'jeff-sessions'), paintedAt(text, 18, 32, 'robert-mueller'), paintedAt(text, 34, 42, 'jeff-sessions')];
  const ctx = {
    isInvalid: false,
    setTimeout: (fn: () => void) => (fn(), 0),
    requestAnimationFrame: (fn: FrameRequestCallback) => (fn(0), 0),
    onInvalidated: () => () => undefined,
  } as unknown as ContentScriptContext;
  const dialog = document.createElement('div');
  dialog.tabIndex = -1;
  document.body.append(dialog);
  const card = {
    isOpen: false,
    opened: [] as string[],
    said: [] as string[],
    get hasFocus() {
      return document.activeElement === dialog;
    },
    focusCard: () => dialog.focus(),
    announce: (t: string) => card.said.push(t),
  };
  const marks = { setFocus: vi.fn(), flashRange: vi.fn(), dispose: vi.fn() };
  const nav = new MentionNavigator(ctx, {
    mentions: () => mentions,
    openCard: async (p) => {
      card.isOpen = true;
      card.opened.push(p.range.toString());
    },
    card,
    nameOf: (id) => (id === 'jeff-sessions' ? 'Jeff Sessions' : 'Robert Mueller'),
    marks,
  });
  return { nav, card, marks, mentions, dialog };
}

describe('MentionNavigator', () => {
  it('moves through the mentions in document order, opens each card with focus and announces it', async () => {
    const { nav, card, marks, mentions } = setup();
    expect(await nav.move('next')).toEqual({ position: 1, total: 3 });
    expect(await nav.move('next')).toEqual({ position: 2, total: 3 });
    expect(card.opened).toEqual(['Jeff Sessions', 'Robert Mueller']);
    expect(card.said).toEqual(['Mention 1 of 3: Jeff Sessions', 'Mention 2 of 3: Robert Mueller']);
    expect(card.hasFocus).toBe(true);
    expect(marks.setFocus).toHaveBeenLastCalledWith(mentions[1]!.range);
    expect(marks.flashRange).not.toHaveBeenCalled();
    expect(nav.holdsCard).toBe(true);
    expect(await nav.move('previous')).toEqual({ position: 1, total: 3 });
    expect(await nav.move('previous')).toEqual({ position: 3, total: 3 });
  });

  it('returns focus to where it was when the card closes, and clears the focus ring', async () => {
    const { nav, card, marks } = setup();
    const before = document.getElementById('before')!;
    before.focus();
    await nav.move('next');
    await nav.move('next'); // focus stays in the card between moves: it still returns to the button
    expect(document.activeElement).not.toBe(before);
    card.isOpen = false;
    nav.cardClosed(true);
    expect(document.activeElement).toBe(before);
    expect(marks.setFocus).toHaveBeenLastCalledWith(undefined);
    expect(nav.holdsCard).toBe(false);
  });

  it('does not move focus when the card closes without having it', async () => {
    const { nav, card } = setup();
    const before = document.getElementById('before')!;
    before.focus();
    await nav.move('next');
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    card.isOpen = false;
    nav.cardClosed(false);
    expect(document.activeElement).toBe(other);
  });

  it('reveals a mention the popup chose, with a flash; an unknown index is refused', async () => {
    const { nav, card, marks, mentions } = setup();
    expect(await nav.reveal(2)).toBe(true);
    expect(card.opened).toEqual(['Sessions']);
    expect(marks.flashRange).toHaveBeenCalledWith(mentions[2]!.range);
    expect(await nav.reveal(9)).toBe(false);
    // the next keyboard move continues from the revealed mention
    expect(await nav.move('previous')).toEqual({ position: 2, total: 3 });
  });

  it('continues from where the last mention stood when the list changed between moves: none skipped, none repeated', async () => {
    const { nav, card, mentions } = setup();
    const [sessions, mueller, surname] = mentions as [PaintedMention, PaintedMention, PaintedMention];
    const again = (m: PaintedMention): PaintedMention => {
      const range = m.range.cloneRange();
      return { ...m, range, paint: range };
    };
    expect(await nav.move('next')).toEqual({ position: 1, total: 3 });
    // a rescan painted the same three mentions again, as new objects: the next is still the second
    mentions.splice(0, 3, again(sessions), again(mueller), again(surname));
    expect(await nav.move('next')).toEqual({ position: 2, total: 3 });
    expect(card.opened).toEqual(['Jeff Sessions', 'Robert Mueller']);
    // the mention the reader is on leaves the page's list: next is the one after its place,
    // previous the one before it
    mentions.splice(1, 1);
    expect(await nav.move('next')).toEqual({ position: 2, total: 2 });
    expect(card.opened.at(-1)).toBe('Sessions');
    mentions.splice(1, 1);
    expect(await nav.move('previous')).toEqual({ position: 1, total: 1 });
    expect(card.opened.at(-1)).toBe('Jeff Sessions');
  });

  it('knows the mention it is on again when the page renders the same text into a new node', async () => {
    const { nav, card, mentions } = setup();
    expect(await nav.move('next')).toEqual({ position: 1, total: 3 });
    expect(await nav.move('next')).toEqual({ position: 2, total: 3 }); // Robert Mueller
    // a framework sets the paragraph's text again: a new node, the same text, new mentions
    const p = document.querySelector('p')!;
    p.textContent = p.textContent;
    const text = p.firstChild as Text;
    const fresh = mentions.map((m) => paintedAt(text, m.mention.start, m.mention.end, m.mention.entityId));
    mentions.splice(0, 3, ...fresh);
    expect(await nav.move('next')).toEqual({ position: 3, total: 3 });
    expect(card.opened.at(-1)).toBe('Sessions');
    expect(card.said.at(-1)).toBe('Mention 3 of 3: Jeff Sessions');
  });

  it('lets the pointer take over: a released card is a hover card again', async () => {
    const { nav } = setup();
    await nav.move('next');
    nav.release();
    expect(nav.holdsCard).toBe(false);
  });
});
