import { browser } from 'wxt/browser';
import type {
  BackgroundProtocol,
  BackgroundType,
  Envelope,
  Reply,
  TabProtocol,
  TabType,
} from './protocol';

const NO_RECEIVER = /Receiving end does not exist|Could not establish connection/i;

/**
 * Sends one typed request to the background and returns its reply as data; never throws.
 * A stopped MV3 service worker is woken by the message itself; if the browser still answers
 * "Receiving end does not exist" (the worker was starting), the request is retried once after
 * `retryDelayMs` (default 150 ms). A failure to reach it becomes `{ ok: false, code: 'no-receiver' }`.
 */
export async function sendToBackground<K extends BackgroundType>(
  type: K,
  payload: BackgroundProtocol[K]['request'],
  retryDelayMs = 150,
): Promise<Reply<BackgroundProtocol[K]['response']>> {
  const envelope: Envelope<K, typeof payload> = { source: 'fc', type, payload };
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = (await browser.runtime.sendMessage(envelope)) as
        | Reply<BackgroundProtocol[K]['response']>
        | undefined;
      if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
      return { ok: false, code: 'no-receiver', message: 'The background sent no reply.' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt === 0 && NO_RECEIVER.test(message)) {
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      return { ok: false, code: 'no-receiver', message };
    }
  }
}

/**
 * Sends one typed request from the popup to a tab's content script (one frame when `frameId`
 * is given). Resolves to the reply as data; never throws (no content script: `no-receiver`).
 */
export async function sendToTab<K extends TabType>(
  tabId: number,
  type: K,
  payload: TabProtocol[K]['request'],
  frameId?: number,
): Promise<Reply<TabProtocol[K]['response']>> {
  const envelope: Envelope<K, typeof payload> = { source: 'fc', type, payload };
  try {
    const reply = (await browser.tabs.sendMessage(
      tabId,
      envelope,
      frameId === undefined ? undefined : { frameId },
    )) as Reply<TabProtocol[K]['response']> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return { ok: false, code: 'no-receiver', message: 'The tab sent no reply.' };
  } catch (error) {
    return { ok: false, code: 'no-receiver', message: error instanceof Error ? error.message : String(error) };
  }
}

/** True when `message` is one of our envelopes (any type). Page or other-extension traffic is not. */
export function isEnvelope(message: unknown): message is Envelope<string, unknown> {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { source?: unknown }).source === 'fc' &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}
