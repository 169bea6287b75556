/**
 * Answers to the background's messages, read either from the IndexedDB fact store or, when it
 * is unavailable, from the bundled pack in memory. Both readers give the same shapes.
 */
import type { EntityId } from '@/core/types';
import type { Entity, Fact, FactPack, Source } from '@/data/schema';
import type { EntityCard, FactView, SearchHit, StoreStatus, Story } from '@/messaging/protocol';
import { rowMatches, searchWords } from './search';
import type { FactStore, SearchRow } from './store';

/** Reads pack data; implemented over Dexie (`dexieReader`) and over the bundled pack (`memoryReader`). */
export interface FactReader {
  status: StoreStatus;
  entity(id: EntityId): Promise<Entity | undefined>;
  factsOf(id: EntityId): Promise<Fact[]>;
  sources(ids: string[]): Promise<Map<string, Source>>;
  /** Rows whose words match every query word (prefix match). */
  searchRows(queryWords: string[]): Promise<SearchRow[]>;
  /** Everything, for the popup's story. */
  all(): Promise<FactPack>;
}

/** A reader over the Dexie store (indexes: facts by `*entityIds`, search by `*words`). */
export function dexieReader(db: FactStore): FactReader {
  return {
    status: 'indexeddb',
    entity: (id) => db.entities.get(id),
    factsOf: (id) => db.facts.where('entityIds').equals(id).toArray(),
    async sources(ids) {
      const rows = await db.sources.bulkGet(ids);
      return new Map(rows.filter((s): s is Source => !!s).map((s) => [s.id, s]));
    },
    async searchRows(queryWords) {
      const [first, ...rest] = queryWords;
      if (!first) return [];
      const rows = await db.search.where('words').startsWith(first).distinct().toArray();
      return rows.filter((r) => rowMatches(r, rest));
    },
    async all() {
      const [record, entities, facts, quotes, claims, timeline, sources] = await Promise.all([
        db.meta.get('pack'),
        db.entities.toArray(),
        db.facts.toArray(),
        db.quotes.toArray(),
        db.claims.toArray(),
        db.timeline.toArray(),
        db.sources.toArray(),
      ]);
      if (!record) throw new Error('The fact store holds no pack.');
      return { meta: record.meta, entities, facts, quotes, claims, timeline, sources } as FactPack;
    },
  };
}

/** A reader over the bundled pack in memory: the fallback when IndexedDB is unavailable. */
export function memoryReader(pack: FactPack, rows: SearchRow[]): FactReader {
  return {
    status: 'memory',
    entity: async (id) => pack.entities.find((e) => e.id === id),
    factsOf: async (id) => pack.facts.filter((f) => f.entityIds.includes(id)),
    sources: async (ids) => new Map(pack.sources.filter((s) => ids.includes(s.id)).map((s) => [s.id, s])),
    searchRows: async (queryWords) => (queryWords.length ? rows.filter((r) => rowMatches(r, queryWords)) : []),
    all: async () => pack,
  };
}

const byDate = (a: { date: string }, b: { date: string }) => a.date.localeCompare(b.date);

function joinSources(facts: Fact[], sources: Map<string, Source>): FactView[] {
  return facts.flatMap((fact) => {
    const source = sources.get(fact.sourceId);
    return source ? [{ fact, source }] : [];
  });
}

/**
 * The hover card of one entity: the entity and its key facts (the pack marks 2–3 per entity
 * `key: true`; if none are marked, its first three facts), oldest first.
 * @returns `undefined` when the pack has no such entity.
 */
export async function getEntityCard(reader: FactReader, id: EntityId): Promise<EntityCard | undefined> {
  const entity = await reader.entity(id);
  if (!entity) return undefined;
  const facts = (await reader.factsOf(id)).sort(byDate);
  const key = facts.filter((f) => f.key);
  const chosen = (key.length ? key : facts).slice(0, 3);
  const sources = await reader.sources(chosen.map((f) => f.sourceId));
  return { entity, facts: joinSources(chosen, sources), storeStatus: reader.status };
}

/** The popup's whole story: entities, the timeline joined with facts and sources, quotes, claims. */
export async function getStory(reader: FactReader): Promise<Story> {
  const pack = await reader.all();
  const sources = new Map(pack.sources.map((s) => [s.id, s]));
  const facts = new Map(pack.facts.map((f) => [f.id, f]));
  const timeline = [...pack.timeline].sort(byDate).flatMap((event) => {
    const fact = facts.get(event.factId);
    const source = fact && sources.get(fact.sourceId);
    return fact && source ? [{ event, fact, source }] : [];
  });
  const factsByEntity: Story['factsByEntity'] = {};
  for (const entity of pack.entities) {
    factsByEntity[entity.id] = joinSources(
      pack.facts.filter((f) => f.entityIds.includes(entity.id)).sort(byDate),
      sources,
    );
  }
  const quotes = pack.quotes.flatMap((quote) => {
    const source = sources.get(quote.sourceId);
    return source ? [{ quote, source }] : [];
  });
  return {
    meta: pack.meta,
    entities: pack.entities,
    timeline,
    factsByEntity,
    quotes,
    claims: pack.claims,
    sources: pack.sources,
    storeStatus: reader.status,
  };
}

/**
 * Searches facts, quotes and events: every word of `query` must start a word of the item
 * (case and accents ignored). At most `limit` hits (default 20), oldest first.
 */
export async function search(reader: FactReader, query: string, limit = 20): Promise<SearchHit[]> {
  const words = searchWords(query.slice(0, 200));
  const rows = await reader.searchRows(words);
  if (!rows.length) return [];
  const pack = await reader.all();
  const sources = new Map(pack.sources.map((s) => [s.id, s]));
  const hits: SearchHit[] = [];
  for (const row of rows) {
    if (row.kind === 'fact') {
      const f = pack.facts.find((x) => x.id === row.id);
      const source = f && sources.get(f.sourceId);
      if (f && source) hits.push({ kind: 'fact', id: f.id, title: f.claim, date: f.date, entityIds: f.entityIds, excerpt: f.excerpt, source });
    } else if (row.kind === 'quote') {
      const q = pack.quotes.find((x) => x.id === row.id);
      const source = q && sources.get(q.sourceId);
      if (q && source) hits.push({ kind: 'quote', id: q.id, title: `${q.speaker}: “${q.text}”`, date: q.date, entityIds: q.entityIds, excerpt: q.excerpt, source });
    } else {
      const e = pack.timeline.find((x) => x.id === row.id);
      const f = e && pack.facts.find((x) => x.id === e.factId);
      const source = f && sources.get(f.sourceId);
      if (e && f && source) hits.push({ kind: 'event', id: e.id, title: e.title, date: e.date, entityIds: e.entityIds, excerpt: f.excerpt, source });
    }
  }
  return hits.sort(byDate).slice(0, limit);
}
