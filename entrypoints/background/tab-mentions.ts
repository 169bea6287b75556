/**
 * The mentions each tab's frames reported, kept in `storage.session` (the MV3 worker may stop
 * between messages, so nothing lives only in memory) with an in-memory fallback where the
 * browser has no session storage. Cleared when a tab navigates or closes.
 */
import { browser } from 'wxt/browser';
import { MAX_REPORTED_MENTIONS, type MentionSummary } from '@/messaging/protocol';

/** Mentions of one tab by frame id. */
export type TabMentions = Record<string, MentionSummary[]>;

const memory = new Map<string, TabMentions>();
const keyOf = (tabId: number) => `tab:${tabId}`;

function session() {
  return (browser.storage as { session?: typeof browser.storage.local }).session;
}

/** Reads the mentions recorded for a tab (empty object when none). */
export async function readTabMentions(tabId: number): Promise<TabMentions> {
  const area = session();
  if (!area) return memory.get(keyOf(tabId)) ?? {};
  const got = await area.get(keyOf(tabId));
  return (got[keyOf(tabId)] as TabMentions | undefined) ?? {};
}

/**
 * Records one frame's mentions, replacing what that frame reported before, or with `append`
 * after it (the later parts of a long report); a frame keeps at most MAX_REPORTED_MENTIONS.
 * @returns The tab's total over all frames.
 */
export function writeFrameMentions(tabId: number, frameId: number, mentions: MentionSummary[], append = false): Promise<number> {
  // Frames report concurrently: serialise the read-modify-write so no report is lost.
  const next = queue.then(() => write(tabId, frameId, mentions, append));
  queue = next.catch(() => undefined);
  return next;
}

let queue: Promise<unknown> = Promise.resolve();

async function write(tabId: number, frameId: number, mentions: MentionSummary[], append: boolean): Promise<number> {
  const before = await readTabMentions(tabId);
  const frame = append ? [...(before[String(frameId)] ?? []), ...mentions].slice(0, MAX_REPORTED_MENTIONS) : mentions;
  const all = { ...before, [String(frameId)]: frame };
  const area = session();
  if (area) await area.set({ [keyOf(tabId)]: all });
  else memory.set(keyOf(tabId), all);
  return Object.values(all).reduce((sum, list) => sum + list.length, 0);
}

/** Forgets a tab (closed, or its top frame navigated to a new document). */
export function clearTab(tabId: number): Promise<void> {
  const next = queue.then(async () => {
    memory.delete(keyOf(tabId));
    await session()?.remove(keyOf(tabId));
  });
  queue = next.catch(() => undefined);
  return next;
}
