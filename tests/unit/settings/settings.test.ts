import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  isHiddenOn,
  isPausedOn,
  normalizeSettings,
  readSettings,
  updateSettings,
  watchSettings,
} from '@/settings/settings';

describe('settings', () => {
  it('fills missing or mistyped fields with defaults', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ paused: 'yes', highlightStyle: 'neon', pausedSites: ['a.com', 3] })).toEqual({
      ...DEFAULT_SETTINGS,
      pausedSites: ['a.com'],
    });
  });

  it('persists changes in extension storage and tells watchers', async () => {
    const seen: boolean[] = [];
    const stop = watchSettings((s) => seen.push(s.paused));
    await updateSettings((s) => ({ ...s, paused: true }));
    expect((await readSettings()).paused).toBe(true);
    expect(await fakeBrowser.storage.local.get('fc-settings')).toHaveProperty('fc-settings.paused', true);
    stop();
    await updateSettings((s) => ({ ...s, paused: false }));
    expect(seen).toEqual([true]);
  });

  it('hides an entity only on the host where the reader said "not this person"', () => {
    const s = { ...DEFAULT_SETTINGS, notThis: { 'a.example': ['jeff-sessions'] } };
    expect(isHiddenOn(s, 'a.example', 'jeff-sessions')).toBe(true);
    expect(isHiddenOn(s, 'b.example', 'jeff-sessions')).toBe(false);
    expect(isPausedOn({ ...DEFAULT_SETTINGS, pausedSites: ['a.example'] }, 'a.example')).toBe(true);
    expect(isPausedOn(DEFAULT_SETTINGS, 'a.example')).toBe(false);
  });
});
