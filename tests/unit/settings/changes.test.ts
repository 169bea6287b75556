import { describe, expect, it } from 'vitest';
import { notThisList, withEntityEnabled, withNotThis, withoutNotThis, withSitePaused } from '@/settings/changes';
import { DEFAULT_SETTINGS, isHiddenOn, isPausedOn } from '@/settings/settings';

describe('settings changes', () => {
  it('pauses and resumes one site without touching the others or the global pause', () => {
    const a = withSitePaused(DEFAULT_SETTINGS, 'a.example', true);
    const ab = withSitePaused(a, 'b.example', true);
    expect(ab.pausedSites).toEqual(['a.example', 'b.example']);
    expect(withSitePaused(ab, 'a.example', true).pausedSites).toEqual(['b.example', 'a.example']);
    const b = withSitePaused(ab, 'a.example', false);
    expect(b.pausedSites).toEqual(['b.example']);
    expect(b.paused).toBe(false);
    expect(isPausedOn(b, 'a.example')).toBe(false);
    expect(withSitePaused(DEFAULT_SETTINGS, '', true).pausedSites).toEqual([]);
  });

  it('switches one entity off everywhere and back on', () => {
    const off = withEntityEnabled(DEFAULT_SETTINGS, 'robert-mueller', false);
    expect(isHiddenOn(off, 'any.example', 'robert-mueller')).toBe(true);
    expect(isHiddenOn(off, 'any.example', 'jeff-sessions')).toBe(false);
    expect(withEntityEnabled(withEntityEnabled(off, 'robert-mueller', false), 'robert-mueller', true).disabledEntities).toEqual([]);
  });

  it('records "not this person" per site, lists the corrections and undoes each one', () => {
    let s = withNotThis(DEFAULT_SETTINGS, 'b.example', 'jeff-sessions');
    s = withNotThis(s, 'a.example', 'robert-mueller');
    s = withNotThis(s, 'b.example', 'robert-mueller');
    expect(withNotThis(s, 'a.example', 'robert-mueller')).toBe(s);
    expect(notThisList(s)).toEqual([
      { host: 'a.example', entityId: 'robert-mueller' },
      { host: 'b.example', entityId: 'jeff-sessions' },
      { host: 'b.example', entityId: 'robert-mueller' },
    ]);
    s = withoutNotThis(s, 'a.example', 'robert-mueller');
    expect(s.notThis).toEqual({ 'b.example': ['jeff-sessions', 'robert-mueller'] });
    expect(isHiddenOn(s, 'b.example', 'jeff-sessions')).toBe(true);
    s = withoutNotThis(withoutNotThis(s, 'b.example', 'jeff-sessions'), 'b.example', 'robert-mueller');
    expect(s.notThis).toEqual({});
  });
});
