/**
 * The fact store: a Dexie database in the extension's own origin. This module is the only
 * IndexedDB code in the extension (content scripts never open IndexedDB: there it would be the
 * web page's database).
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { ClaimReview, Entity, Fact, PackMeta, Quote, Source, TimelineEvent } from '@/data/schema';

/** A row of the `meta` table: which pack version the tables hold. */
export interface PackRecord {
  key: 'pack';
  meta: PackMeta;
  /** When it was loaded, ms since the epoch. */
  loadedAtMs: number;
}

/** A search row: lower-cased, accent-folded words of a fact, quote or event, for prefix search. */
export interface SearchRow {
  /** `<kind>:<id>` */
  key: string;
  kind: 'fact' | 'quote' | 'event';
  id: string;
  words: string[];
}

/** The Dexie database with its tables. Facts, quotes and claims are indexed by entity (multi-entry). */
export type FactStore = Dexie & {
  meta: EntityTable<PackRecord, 'key'>;
  entities: EntityTable<Entity, 'id'>;
  facts: EntityTable<Fact, 'id'>;
  quotes: EntityTable<Quote, 'id'>;
  claims: EntityTable<ClaimReview, 'id'>;
  timeline: EntityTable<TimelineEvent, 'id'>;
  sources: EntityTable<Source, 'id'>;
  search: EntityTable<SearchRow, 'key'>;
};

/** Name of the IndexedDB database in the extension origin. */
export const STORE_NAME = 'fc-fact-store';

/**
 * Opens (does not fill) the fact store; Dexie opens lazily on the first query.
 * @param options Dexie options; tests pass `{ indexedDB, IDBKeyRange }` from fake-indexeddb.
 */
export function createFactStore(options?: DexieOptions): FactStore {
  const db = new Dexie(STORE_NAME, options) as FactStore;
  db.version(1).stores({
    meta: 'key',
    entities: 'id',
    facts: 'id, *entityIds, date',
    quotes: 'id, *entityIds, date',
    claims: 'id, *entityIds',
    timeline: 'id, date',
    sources: 'id',
    search: 'key, *words',
  });
  return db;
}
