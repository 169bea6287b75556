/**
 * `browser.i18n.getMessage` for unit tests, over the real English catalogue
 * (public/_locales/en/messages.json), so tests see the text readers see. WXT's fakeBrowser has no
 * i18n (it throws "not implemented").
 *
 * Semantics of Chrome and Firefox:
 * - keys are looked up case-insensitively; an unknown key gives '';
 * - `$name$` in the message is replaced by that placeholder's `content` (names case-insensitive);
 * - then, in the result, `$1`…`$9` are replaced by the substitutions ('' when one is missing; the
 *   substituted text is not scanned again), and a run of `$`s loses its first one (`$$` → `$`).
 */
import { readFileSync } from 'node:fs';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/** The English catalogue by lower-case key. */
export const catalogue: ReadonlyMap<string, Entry> = new Map(
  Object.entries(JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, Entry>).map(
    ([key, entry]) => [key.toLowerCase(), entry],
  ),
);

/** `key`'s message with `substitutions` filled in, or '' when the catalogue has no such key. */
export function catalogueMessage(key: string, substitutions?: string | string[]): string {
  const entry = catalogue.get(key.toLowerCase());
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders.get(name.toLowerCase()) ?? whole);
  return withPlaceholders.replace(/\$(?:([1-9])|(\$+))/g, (_, digit: string | undefined, dollars: string | undefined) =>
    digit ? (subs[Number(digit) - 1] ?? '') : dollars!,
  );
}

/** {@link catalogueMessage}, but an unknown key fails the test that renders it. */
export function strictCatalogueMessage(key: string, substitutions?: string | string[]): string {
  const text = catalogueMessage(key, substitutions);
  if (!text) throw new Error(`public/_locales/en/messages.json has no message "${key}"`);
  return text;
}
