/**
 * Node-only loading of the fact pack from disk (uses `node:fs`; never import it from extension
 * code — the extension bundles `data/pack.ts`). Used by `scripts/check-pack.ts` and the tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePack, type FactPack } from './schema';

/** The pack's JSON files under `<dataDir>/pack/`, without the `.json` extension. */
export const PACK_FILES = ['meta', 'entities', 'sources', 'facts', 'quotes', 'claims', 'timeline'] as const;

/** The raw (unvalidated) pack as read from disk: the input of {@link validatePack}. */
export interface RawPackOnDisk {
  /** `{ meta, entities, sources, facts, quotes, claims, timeline }` as parsed JSON, plus
   *  `recognition` when `<dataDir>/pack/recognition.json` exists. */
  raw: Record<string, unknown>;
  /** Snapshot text of each source, keyed by source id, read (UTF-8) from `<dataDir>/<textFile>`;
   *  a source whose file is missing is left out (validation then reports it). */
  sourceTexts: Record<string, string>;
}

/**
 * Reads the pack files and the source snapshots without validating them.
 * @param dataDir The `data/` directory (absolute, or relative to the current directory).
 * @throws Error naming the file when a pack file is missing or is not valid JSON (all such files
 *   are listed, one per line).
 */
export function readPackFromDisk(dataDir: string): RawPackOnDisk {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  const readJson = (name: string): unknown => {
    const file = join(dataDir, 'pack', `${name}.json`);
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${name}.json: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  for (const name of PACK_FILES) raw[name] = readJson(name);
  if (existsSync(join(dataDir, 'pack', 'recognition.json'))) raw.recognition = readJson('recognition');
  if (problems.length) throw new Error(`fact pack unreadable:\n${problems.join('\n')}`);

  const sourceTexts: Record<string, string> = {};
  if (Array.isArray(raw.sources)) {
    for (const source of raw.sources as Array<{ id?: unknown; textFile?: unknown }>) {
      if (typeof source?.id !== 'string' || typeof source.textFile !== 'string') continue;
      const file = join(dataDir, source.textFile);
      if (existsSync(file)) sourceTexts[source.id] = readFileSync(file, 'utf8');
    }
  }
  return { raw, sourceTexts };
}

/**
 * Reads and validates the fact pack from disk.
 * @param dataDir The `data/` directory: JSON files in `<dataDir>/pack/`, snapshots at
 *   `<dataDir>/<source.textFile>` (i.e. `<dataDir>/source-texts/<source-id>.txt`).
 * @returns The validated pack.
 * @throws Error when a file is missing or unreadable, and `PackValidationError` (an Error whose
 *   message lists every problem, one per line, naming file, entry and field) when the pack is invalid.
 */
export function loadPackFromDisk(dataDir: string): FactPack {
  const { raw, sourceTexts } = readPackFromDisk(dataDir);
  return validatePack(raw, sourceTexts);
}
