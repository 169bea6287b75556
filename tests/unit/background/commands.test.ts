import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleCommand } from '@/entrypoints/background/handlers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('keyboard commands', () => {
  it('asks the top frame of the command’s tab to focus the next or previous mention', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, value: { position: 1, total: 3 } });
    expect(await handleCommand('next-mention', { id: 12 })).toEqual({ ok: true, value: { position: 1, total: 3 } });
    expect(send).toHaveBeenLastCalledWith(12, { source: 'fc', type: 'focusMention', payload: { direction: 'next' } }, { frameId: 0 });
    await handleCommand('previous-mention', { id: 12 });
    expect(send).toHaveBeenLastCalledWith(12, { source: 'fc', type: 'focusMention', payload: { direction: 'previous' } }, { frameId: 0 });
  });

  it('falls back to the active tab, ignores other commands, and survives a tab without our script', async () => {
    // The fake browser has no active tab in a current window to find: stub the query's answer.
    const tab = { id: 5 };
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([tab] as never);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    expect(await handleCommand('next-mention')).toBeUndefined();
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    expect(send).toHaveBeenCalledWith(tab.id, expect.objectContaining({ type: 'focusMention' }), { frameId: 0 });
    send.mockClear();
    expect(await handleCommand('toString', { id: 1 })).toBeUndefined();
    expect(await handleCommand('_execute_action', { id: 1 })).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });
});
