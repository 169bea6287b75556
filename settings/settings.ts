/**
 * Reader settings, persisted in extension storage (`storage.local`, key `fc-settings`), read by
 * the content scripts, the popup and the options page, and applied to open tabs through
 * `storage.onChanged` (no reload). Never stored in a page's origin.
 */
import { browser } from 'wxt/browser';
import type { EntityId } from '@/core/types';

/** Every reader setting; each is independent of the others. */
export interface Settings {
  /** Pause highlighting on every site. */
  paused: boolean;
  /** Hosts (e.g. `www.example.com`) where highlighting is paused. */
  pausedSites: string[];
  /** How mentions are drawn. */
  highlightStyle: 'underline' | 'background' | 'off';
  /** Entities switched off everywhere. */
  disabledEntities: EntityId[];
  /** "Not this person" corrections: host → entities hidden on that host. */
  notThis: Record<string, EntityId[]>;
}

/** The settings of a new install. */
export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  pausedSites: [],
  highlightStyle: 'underline',
  disabledEntities: [],
  notThis: {},
};

const KEY = 'fc-settings';

/** Fills missing or mistyped fields with defaults (storage written by an older version). */
export function normalizeSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const notThis: Settings['notThis'] = {};
  if (typeof r.notThis === 'object' && r.notThis !== null) {
    for (const [host, ids] of Object.entries(r.notThis)) notThis[host] = strings(ids);
  }
  return {
    paused: r.paused === true,
    pausedSites: strings(r.pausedSites),
    highlightStyle:
      r.highlightStyle === 'background' || r.highlightStyle === 'off' ? r.highlightStyle : 'underline',
    disabledEntities: strings(r.disabledEntities),
    notThis,
  };
}

/** Reads the settings; defaults when none are stored or storage fails. */
export async function readSettings(): Promise<Settings> {
  try {
    const got = await browser.storage.local.get(KEY);
    return normalizeSettings(got[KEY]);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Applies `change` to the stored settings and returns the result. */
export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = normalizeSettings(change(await readSettings()));
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

/** Calls `listener` with the new settings whenever they change; returns the unsubscribe function. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) listener(normalizeSettings(changes[KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/** True when highlighting is paused for `host`. */
export function isPausedOn(settings: Settings, host: string): boolean {
  return settings.paused || settings.pausedSites.includes(host);
}

/** True when `entityId` must not be highlighted on `host`. */
export function isHiddenOn(settings: Settings, host: string, entityId: EntityId): boolean {
  return settings.disabledEntities.includes(entityId) || (settings.notThis[host] ?? []).includes(entityId);
}
