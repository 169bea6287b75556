/**
 * The background's message handlers: one per request of `BackgroundProtocol`. Payloads come
 * from content scripts on untrusted pages, so each is checked before use.
 */
import { browser, type Browser } from 'wxt/browser';
import { pack } from '@/data/pack';
import { isEnvelope } from '@/messaging/client';
import { MAX_REPORTED_MENTIONS, MENTION_COMMANDS, type BackgroundProtocol, type BackgroundType, type Envelope, type Reply, type TabProtocol } from '@/messaging/protocol';
import { loadPack } from './load-pack';
import { dexieReader, getEntityCard, getStory, memoryReader, search, type FactReader } from './queries';
import { searchRowsOf } from './search';
import { createFactStore } from './store';
import { readTabMentions, writeFrameMentions } from './tab-mentions';

type Handler<K extends BackgroundType> = (
  payload: BackgroundProtocol[K]['request'],
  sender: Browser.runtime.MessageSender,
) => Promise<Reply<BackgroundProtocol[K]['response']>>;

let readerPromise: Promise<{ reader: FactReader; problem?: string }> | undefined;

/**
 * The fact reader for this worker's life: the IndexedDB store, filled from the bundled pack if
 * it holds another version; the bundled pack in memory when IndexedDB fails (private windows,
 * a blocked or corrupted database, a newer schema after a downgrade). `problem` is then the
 * error's name (e.g. "InvalidStateError"); the popup words it (message `storeUnavailable`).
 */
export function getReader(): Promise<{ reader: FactReader; problem?: string }> {
  readerPromise ??= (async () => {
    try {
      const db = createFactStore();
      await loadPack(db, pack);
      return { reader: dexieReader(db) };
    } catch (error) {
      const problem = error instanceof Error ? error.name : 'Error';
      return { reader: memoryReader(pack, searchRowsOf(pack)), problem };
    }
  })();
  return readerPromise;
}

const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
const fail = (code: 'unknown-entity' | 'bad-request', message: string) => ({ ok: false as const, code, message });

function action() {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

export const handlers: { [K in BackgroundType]: Handler<K> } = {
  async getEntityCard(payload) {
    if (typeof payload?.entityId !== 'string') return fail('bad-request', 'entityId must be a string');
    const card = await getEntityCard((await getReader()).reader, payload.entityId);
    return card ? ok(card) : fail('unknown-entity', `No entity "${payload.entityId.slice(0, 60)}"`);
  },
  async getStory() {
    const { reader, problem } = await getReader();
    const story = await getStory(reader);
    return ok(problem ? { ...story, storeProblem: problem } : story);
  },
  async search(payload) {
    if (typeof payload?.query !== 'string') return fail('bad-request', 'query must be a string');
    return ok(await search((await getReader()).reader, payload.query));
  },
  async reportMentions(payload, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined || !Array.isArray(payload?.mentions)) return fail('bad-request', 'no tab or mentions');
    const mentions = payload.mentions.slice(0, MAX_REPORTED_MENTIONS).filter((m) => typeof m?.entityId === 'string');
    const total = await writeFrameMentions(tabId, sender.frameId ?? 0, mentions, payload.append === true);
    await action()?.setBadgeText({ tabId, text: total ? String(total) : '' });
    await action()?.setBadgeBackgroundColor?.({ tabId, color: '#5b4bb7' });
    return ok({ tabTotal: total });
  },
  async openStory(payload, sender) {
    const params = new URLSearchParams();
    if (typeof payload?.entityId === 'string') params.set('entity', payload.entityId);
    if (sender.tab?.id !== undefined) params.set('tab', String(sender.tab.id));
    const url = browser.runtime.getURL(`/popup.html?${params}` as '/popup.html');
    await browser.tabs.create({ url, index: sender.tab ? sender.tab.index + 1 : undefined });
    return ok(true);
  },
  async getTabMentions(payload) {
    if (typeof payload?.tabId !== 'number') return fail('bad-request', 'tabId must be a number');
    const frames = await readTabMentions(payload.tabId);
    return ok(
      Object.entries(frames)
        .sort(([a], [b]) => Number(a) - Number(b))
        .flatMap(([frameId, list]) => list.map((m) => ({ ...m, frameId: Number(frameId) }))),
    );
  },
};


// --- keyboard commands (issue 5) -----------------------------------------------------------

/**
 * The `commands.onCommand` listener: `next-mention` / `previous-mention` (manifest `commands`)
 * ask the top frame of the tab the reader is in to focus its next or previous mention. The tab
 * comes with the event (Chrome 86+, Firefox 77+), else from `tabs.query` on the active tab, which
 * gives the id without the `tabs` permission. A tab without our content script is ignored.
 * @returns The content script's reply, or `undefined` when there was no tab or no receiver.
 */
export async function handleCommand(
  command: string,
  tab?: { id?: number },
): Promise<Reply<TabProtocol['focusMention']['response']> | undefined> {
  const direction = Object.hasOwn(MENTION_COMMANDS, command) ? MENTION_COMMANDS[command] : undefined;
  if (!direction) return undefined;
  const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return undefined;
  const envelope: Envelope<'focusMention', TabProtocol['focusMention']['request']> = {
    source: 'fc',
    type: 'focusMention',
    payload: { direction },
  };
  try {
    return (await browser.tabs.sendMessage(tabId, envelope, { frameId: 0 })) as Reply<
      TabProtocol['focusMention']['response']
    >;
  } catch {
    return undefined; // no content script in that tab (e.g. a browser page)
  }
}

/** Forgets the reader (tests; a worker restart does the same). */
export function resetReader(): void {
  readerPromise = undefined;
}

/**
 * The `runtime.onMessage` listener: answers our envelopes with a `Reply`, ignores anything else
 * (returns undefined so other listeners may answer). Never rejects: failures become replies.
 */
export function handleMessage(
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<Reply<unknown>> | undefined {
  if (!isEnvelope(message) || !Object.hasOwn(handlers, message.type)) return undefined;
  const handler = handlers[message.type as BackgroundType] as Handler<BackgroundType>;
  return handler(message.payload as never, sender).catch(
    (error: unknown): Reply<never> => ({
      ok: false,
      code: 'internal',
      message: error instanceof Error ? error.message : String(error),
    }),
  );
}
