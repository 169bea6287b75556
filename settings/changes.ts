/**
 * The changes the popup and the options page make to reader settings: pure functions, settings
 * in and settings out (no storage, no browser API), so views can use them and tests are plain.
 * Persist the result with `updateSettings(change)` from ./settings.
 */
import type { EntityId } from '@/core/types';
import type { Settings } from './settings';

/** Pauses (`on`) or resumes highlighting on `host`; other hosts are left as they are. */
export function withSitePaused(settings: Settings, host: string, on: boolean): Settings {
  const others = settings.pausedSites.filter((h) => h !== host);
  return { ...settings, pausedSites: on && host ? [...others, host] : others };
}

/** Switches the highlighting of one entity on or off everywhere (`disabledEntities`). */
export function withEntityEnabled(settings: Settings, entityId: EntityId, on: boolean): Settings {
  const others = settings.disabledEntities.filter((id) => id !== entityId);
  return { ...settings, disabledEntities: on ? others : [...others, entityId] };
}

/** Records a "not this person" correction: `entityId` is not highlighted on `host` any more. */
export function withNotThis(settings: Settings, host: string, entityId: EntityId): Settings {
  const ids = settings.notThis[host] ?? [];
  return ids.includes(entityId) ? settings : { ...settings, notThis: { ...settings.notThis, [host]: [...ids, entityId] } };
}

/** Undoes one "not this person" correction; a host left with none is dropped. */
export function withoutNotThis(settings: Settings, host: string, entityId: EntityId): Settings {
  const notThis = { ...settings.notThis };
  const ids = (notThis[host] ?? []).filter((id) => id !== entityId);
  if (ids.length) notThis[host] = ids;
  else delete notThis[host];
  return { ...settings, notThis };
}

/** Every "not this person" correction as a flat list, sorted by host then entity. */
export function notThisList(settings: Settings): Array<{ host: string; entityId: EntityId }> {
  return Object.entries(settings.notThis)
    .flatMap(([host, ids]) => ids.map((entityId) => ({ host, entityId })))
    .sort((a, b) => a.host.localeCompare(b.host) || a.entityId.localeCompare(b.entityId));
}
