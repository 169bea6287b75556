/**
 * The message catalogue (public/_locales/en/messages.json, copied by WXT to `_locales/`) is
 * valid for Chrome and Firefox, and every `__MSG_name__` the manifests use has an entry: a
 * missing message makes Chrome refuse to load the extension and shows the raw key in Firefox.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '@/wxt.config';

type Placeholder = { content: string; example?: string };
type Entry = { message: string; description?: string; placeholders?: Record<string, Placeholder> };

const catalogue = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, Entry>;
const names = new Set(Object.keys(catalogue).map((k) => k.toLowerCase())); // lookups ignore case

/** Every `__MSG_name__` in any string of a manifest (deep), as names. */
function messageRefs(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/__MSG_(\w+?)__/g)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(messageRefs);
  if (value && typeof value === 'object') return Object.values(value).flatMap(messageRefs);
  return [];
}

/** The manifest wxt.config.ts gives WXT for one target (WXT copies its strings unchanged). */
function configManifest(browser: 'chrome' | 'firefox', manifestVersion: 2 | 3): Record<string, unknown> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest is expected to be a function');
  return manifest({ browser, manifestVersion, mode: 'production', command: 'build' }) as Record<string, unknown>;
}

describe('messages.json', () => {
  it('has at least the manifest entries', () => {
    for (const key of ['extName', 'extDescription', 'actionTitle']) expect(catalogue, key).toHaveProperty(key);
  });

  for (const [key, entry] of Object.entries(catalogue)) {
    it(`${key}: well-formed entry`, () => {
      // Chrome: ASCII letters, digits and underscores; names starting with @@ are reserved.
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(Object.keys(entry).filter((k) => !['message', 'description', 'placeholders'].includes(k))).toEqual([]);
      expect(typeof entry.message).toBe('string');
      expect(entry.message.trim()).not.toBe('');
      if (entry.description !== undefined) expect(typeof entry.description).toBe('string');

      const declared = Object.keys(entry.placeholders ?? {}).map((p) => p.toLowerCase());
      for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) {
        expect(name).toMatch(/^[A-Za-z0-9_]+$/);
        expect(typeof placeholder.content, `${name}.content`).toBe('string');
        expect(placeholder.content).not.toBe('');
        if (placeholder.example !== undefined) expect(typeof placeholder.example).toBe('string');
      }
      // $NAME$ refers to a declared placeholder, each declared one is used, and any other `$`
      // is `$$` (a literal dollar) or `$1`…`$9` (a substitution).
      const used = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase());
      expect(used.filter((u) => !declared.includes(u)), 'undeclared placeholders').toEqual([]);
      expect(declared.filter((d) => !used.includes(d)), 'unused placeholders').toEqual([]);
      const rest = entry.message.replace(/\$[A-Za-z0-9_]+\$/g, '').replace(/\$\$|\$[1-9]/g, '');
      expect(rest, 'stray $').not.toContain('$');
    });
  }

  it('has no two keys differing only in case (browsers look keys up case-insensitively)', () => {
    expect(names.size).toBe(Object.keys(catalogue).length);
  });

  it('keeps store text within Chrome Web Store limits (name 75, description 132 characters)', () => {
    expect(catalogue.extName!.message.length).toBeLessThanOrEqual(75);
    expect(catalogue.extDescription!.message.length).toBeLessThanOrEqual(132);
  });
});

describe('manifest messages', () => {
  const manifests: Array<[string, unknown]> = [
    ['wxt.config.ts (chrome-mv3)', configManifest('chrome', 3)],
    ['wxt.config.ts (firefox-mv2)', configManifest('firefox', 2)],
  ];
  // After `npm run build`, the built manifests too (the unit tests also run before a build).
  for (const dir of ['chrome-mv3', 'firefox-mv2']) {
    const file = `.output/${dir}/manifest.json`;
    if (existsSync(file)) manifests.push([file, JSON.parse(readFileSync(file, 'utf8'))]);
  }

  for (const [where, manifest] of manifests) {
    it(`${where}: every __MSG_*__ has an entry and the default locale is en`, () => {
      const refs = messageRefs(manifest);
      expect(refs).toEqual(expect.arrayContaining(['extName', 'extDescription', 'actionTitle']));
      expect(refs.filter((name) => !names.has(name.toLowerCase()))).toEqual([]);
      expect((manifest as { default_locale?: string }).default_locale).toBe('en');
    });
  }
});
