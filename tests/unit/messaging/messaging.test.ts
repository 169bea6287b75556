import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pack } from '@/data/pack';
import { handleMessage, resetReader } from '@/entrypoints/background/handlers';
import { sendToBackground } from '@/messaging/client';

const tab = { id: 7, index: 0 } as never;

beforeEach(() => {
  resetReader();
  fakeBrowser.runtime.onMessage.addListener(((message: unknown, sender: never) =>
    handleMessage(message, sender ?? ({ tab, frameId: 0 } as never))) as never);
});

describe('content script ↔ background messages', () => {
  it('answers an entity card with facts read from the fact store', async () => {
    const reply = await sendToBackground('getEntityCard', { entityId: 'robert-mueller' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.entity.name).toBe(pack.entities.find((e) => e.id === 'robert-mueller')!.name);
    expect(reply.value.storeStatus).toBe('indexeddb');
    expect(reply.value.facts.length).toBeGreaterThan(0);
  });

  it('answers an unknown entity and a malformed payload with error codes, not exceptions', async () => {
    const unknown = await sendToBackground('getEntityCard', { entityId: 'pete-sessions' });
    expect(unknown).toMatchObject({ ok: false, code: 'unknown-entity' });
    const bad = await sendToBackground('getEntityCard', { entityId: 42 as never });
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('ignores messages that are not ours', () => {
    expect(handleMessage({ type: 'getStory' }, {} as never)).toBeUndefined();
    expect(handleMessage({ source: 'fc', type: 'toString' }, {} as never)).toBeUndefined();
  });

  it('returns the story oldest event first', async () => {
    const reply = await sendToBackground('getStory', {});
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const dates = reply.value.timeline.map((t) => t.event.date);
    expect([...dates].sort()).toEqual(dates);
    expect(reply.value.timeline.length).toBe(pack.timeline.length);
  });

  it("keeps each frame's mentions per tab and totals them", async () => {
    const mention = {
      entityId: 'jeff-sessions',
      text: 'Jeff Sessions',
      why: 'full name',
      selector: { type: 'TextQuoteSelector' as const, exact: 'Jeff Sessions', prefix: '', suffix: '' },
    };
    const top = await handleMessage(
      { source: 'fc', type: 'reportMentions', payload: { mentions: [mention, mention], url: 'http://a/' } },
      { tab, frameId: 0 } as never,
    );
    expect(top).toEqual({ ok: true, value: { tabTotal: 2 } });
    const frame = await handleMessage(
      { source: 'fc', type: 'reportMentions', payload: { mentions: [mention], url: 'http://b/' } },
      { tab, frameId: 3 } as never,
    );
    expect(frame).toEqual({ ok: true, value: { tabTotal: 3 } });
    const list = await sendToBackground('getTabMentions', { tabId: 7 });
    expect(list.ok && list.value.map((m) => m.frameId)).toEqual([0, 0, 3]);
  });

  it('appends the later parts of a long report and replaces on a new report', async () => {
    const other = { id: 9, index: 2 } as never;
    const m = (text: string) => ({ entityId: 'jeff-sessions', text, why: 'full name', selector: { type: 'TextQuoteSelector', exact: text, prefix: '', suffix: '' } });
    const send = (texts: string[], append: boolean) =>
      handleMessage(
        { source: 'fc', type: 'reportMentions', payload: { mentions: texts.map(m), url: 'http://a/', append } },
        { tab: other, frameId: 0 } as never,
      );
    expect(await send(['a', 'b'], false)).toEqual({ ok: true, value: { tabTotal: 2 } });
    expect(await send(['c'], true)).toEqual({ ok: true, value: { tabTotal: 3 } });
    let list = await sendToBackground('getTabMentions', { tabId: 9 });
    expect(list.ok && list.value.map((x) => x.text)).toEqual(['a', 'b', 'c']);
    expect(await send(['d'], false)).toEqual({ ok: true, value: { tabTotal: 1 } });
    list = await sendToBackground('getTabMentions', { tabId: 9 });
    expect(list.ok && list.value.map((x) => x.text)).toEqual(['d']);
  });

  it('refuses a report whose mentions are not an array, and keeps what it had', async () => {
    const other = { id: 8, index: 1 } as never;
    const mention = { entityId: 'robert-mueller', text: 'Mueller', why: 'surname', selector: { type: 'TextQuoteSelector', exact: 'Mueller', prefix: '', suffix: '' } };
    const first = await handleMessage(
      { source: 'fc', type: 'reportMentions', payload: { mentions: [mention], url: 'http://a/' } },
      { tab: other, frameId: 0 } as never,
    );
    expect(first).toEqual({ ok: true, value: { tabTotal: 1 } });
    for (const mentions of [{ entityId: 'jeff-sessions' }, 'not a list', 42, undefined]) {
      const reply = await handleMessage(
        { source: 'fc', type: 'reportMentions', payload: { mentions, url: 'http://a/' } },
        { tab: other, frameId: 0 } as never,
      );
      expect(reply).toMatchObject({ ok: false, code: 'bad-request' });
    }
    const list = await sendToBackground('getTabMentions', { tabId: 8 });
    expect(list.ok && list.value.map((m) => m.text)).toEqual(['Mueller']);
  });

  it('retries once when the background is not yet listening', async () => {
    fakeBrowser.runtime.onMessage.removeAllListeners?.();
    let calls = 0;
    const original = fakeBrowser.runtime.sendMessage;
    fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
      calls++;
      if (calls === 1) throw new Error('Could not establish connection. Receiving end does not exist.');
      return handleMessage(message, { tab, frameId: 0 } as never);
    }) as never;
    try {
      const reply = await sendToBackground('getEntityCard', { entityId: 'jeff-sessions' }, 1);
      expect(calls).toBe(2);
      expect(reply.ok).toBe(true);
    } finally {
      fakeBrowser.runtime.sendMessage = original;
    }
  });
});
