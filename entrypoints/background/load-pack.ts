import type { FactPack } from '@/data/schema';
import { searchRowsOf } from './search';
import type { FactStore } from './store';

/** What `loadPack` did. */
export type LoadResult = 'loaded' | 'replaced' | 'unchanged';

/**
 * Fills the fact store from the bundled pack, idempotently: when the store already holds this
 * pack version it does nothing; when it holds another version (older, or newer after a
 * downgrade) every pack table is cleared and refilled in one transaction, so readers never see
 * a mix. Tables outside the pack (none yet besides `meta`) are left alone.
 * @throws Dexie errors when IndexedDB is unavailable or the database cannot be opened; the
 *   caller falls back to the in-memory pack.
 */
export async function loadPack(db: FactStore, pack: FactPack, nowMs = Date.now()): Promise<LoadResult> {
  const tables = [db.meta, db.entities, db.facts, db.quotes, db.claims, db.timeline, db.sources, db.search];
  return db.transaction('rw', tables, async () => {
    const current = await db.meta.get('pack');
    if (current?.meta.version === pack.meta.version) return 'unchanged';
    await Promise.all(tables.map((table) => table.clear()));
    await db.entities.bulkPut(pack.entities);
    await db.facts.bulkPut(pack.facts);
    await db.quotes.bulkPut(pack.quotes);
    await db.claims.bulkPut(pack.claims);
    await db.timeline.bulkPut(pack.timeline);
    await db.sources.bulkPut(pack.sources);
    await db.search.bulkPut(searchRowsOf(pack));
    await db.meta.put({ key: 'pack', meta: pack.meta, loadedAtMs: nowMs });
    return current ? 'replaced' : 'loaded';
  });
}
