/**
 * The one place message shapes are written: every request the content script or the popup
 * sends to the background (or the popup to a tab), its payload and its reply.
 *
 * Transport: `browser.runtime.sendMessage` / `browser.tabs.sendMessage` (webextension-polyfill).
 * Replies cross the boundary as data (`Reply<T>`); an Error object does not clone reliably.
 */
import type { Entity, Fact, PackMeta, Quote, ClaimReview, Source, TimelineEvent } from '@/data/schema';
import type { EntityId, TextQuoteSelector } from '@/core/types';

/** A reply as data: the value, or an error code with a human message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Expected failures; anything else is reported as `internal`. */
export type ErrorCode = 'store-unavailable' | 'unknown-entity' | 'bad-request' | 'no-receiver' | 'internal';

/** Where the background read its answer from: the IndexedDB fact store, or the bundled pack in memory. */
export type StoreStatus = 'indexeddb' | 'memory';

/** One fact as shown on a card or in the popup, joined with its source. */
export interface FactView {
  fact: Fact;
  source: Source;
}

/** What the hover card shows for one entity: who or what it is and its key dated facts. */
export interface EntityCard {
  entity: Entity;
  /** The entity's key facts (2–3), oldest first. */
  facts: FactView[];
  storeStatus: StoreStatus;
}

/** One timeline event of the story with the fact and source that support it. */
export interface TimelineItem {
  event: TimelineEvent;
  fact: Fact;
  source: Source;
}

/** The whole story for the popup, read from the fact store. */
export interface Story {
  meta: PackMeta;
  entities: Entity[];
  /** Oldest first. */
  timeline: TimelineItem[];
  /** Every fact by entity, oldest first. */
  factsByEntity: Record<EntityId, FactView[]>;
  quotes: Array<{ quote: Quote; source: Source }>;
  claims: ClaimReview[];
  sources: Source[];
  storeStatus: StoreStatus;
  /** Why the store fell back to memory, when it did: the error's name (e.g. "InvalidStateError"). */
  storeProblem?: string;
}

/** One search hit across facts, quotes and events. */
export interface SearchHit {
  kind: 'fact' | 'quote' | 'event';
  id: string;
  title: string;
  date: string;
  entityIds: EntityId[];
  excerpt: string;
  source: Source;
}

/** A mention found by a content script, as reported to the background (no DOM objects). */
export interface MentionSummary {
  entityId: EntityId;
  /** The page's characters of the mention (whitespace collapsed). */
  text: string;
  why: string;
  selector: TextQuoteSelector;
}

/**
 * Most mentions a frame reports (the badge and the popup list count these): a page with more
 * is cut here, in document order, by the content script and again by the background.
 */
export const MAX_REPORTED_MENTIONS = 5000;

/** Messages to the background, keyed by `type`; `Response` is the reply's value. */
export interface BackgroundProtocol {
  /** Content script: the card for one entity (hover). */
  getEntityCard: { request: { entityId: EntityId }; response: EntityCard };
  /** Popup: the whole story. */
  getStory: { request: Record<string, never>; response: Story };
  /** Popup: search facts, quotes and events; `query` at most 200 characters. */
  search: { request: { query: string }; response: SearchHit[] };
  /**
   * Content script: the mentions of its frame changed (sets the badge; the popup lists them).
   * With `append`, the mentions follow those the frame reported last (a long report comes in
   * parts, in order: one message of 5,000 mentions blocked the page for 44–63 ms in Chrome);
   * otherwise they replace them. At most {@link MAX_REPORTED_MENTIONS} per frame are kept.
   */
  reportMentions: { request: { mentions: MentionSummary[]; url: string; append?: boolean }; response: { tabTotal: number } };
  /** Content script: open the full story (the popup page in a tab), focused on an entity. */
  openStory: { request: { entityId?: EntityId }; response: boolean };
  /** Popup: the mentions of a tab, all frames, in frame order then document order. */
  getTabMentions: { request: { tabId: number }; response: Array<MentionSummary & { frameId: number }> };
}

/** Messages from the popup to a tab's content script. */
export interface TabProtocol {
  /** Scroll to the `index`-th mention of the frame, flash it and open its card. */
  revealMention: { request: { index: number }; response: boolean };
  /**
   * Background (keyboard command) -> top frame: move to the next or previous mention (wrapping),
   * scroll to it, draw the focus ring, open its card as a dialog that takes focus and announce
   * "Mention n of N: name". Replies with the 1-based position, or `null` when the frame has none.
   */
  focusMention: { request: { direction: FocusDirection }; response: { position: number; total: number } | null };
  /**
   * Popup -> top frame: the page's host name (e.g. `www.example.com`), for "Pause on this site".
   * Without the `tabs` permission the popup cannot read a tab's URL itself.
   */
  getPageHost: { request: Record<string, never>; response: string };
}

/** Which way a keyboard command moves through a page's mentions (document order, wrapping). */
export type FocusDirection = 'next' | 'previous';

/** The browser `commands` of the manifest, and the direction each moves. */
export const MENTION_COMMANDS: Readonly<Record<string, FocusDirection>> = {
  'next-mention': 'next',
  'previous-mention': 'previous',
};

export type BackgroundType = keyof BackgroundProtocol;
export type TabType = keyof TabProtocol;

/** The envelope on the wire. `source: 'fc'` lets listeners ignore other extensions' traffic. */
export interface Envelope<K extends string, P> {
  source: 'fc';
  type: K;
  payload: P;
}
