import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { pack } from '@/data/pack';
import type { FactPack } from '@/data/schema';
import { loadPack } from '@/entrypoints/background/load-pack';
import { dexieReader, getEntityCard, getStory, memoryReader, search } from '@/entrypoints/background/queries';
import { searchRowsOf } from '@/entrypoints/background/search';
import { createFactStore } from '@/entrypoints/background/store';

const fresh = () => ({ indexedDB: new IDBFactory(), IDBKeyRange });

describe('loadPack', () => {
  it('loads the bundled pack once, however often the worker restarts', async () => {
    const options = fresh();
    expect(await loadPack(createFactStore(options), pack)).toBe('loaded');
    expect(await loadPack(createFactStore(options), pack)).toBe('unchanged');
    const db = createFactStore(options);
    expect(await db.facts.count()).toBe(pack.facts.length);
    expect(await db.entities.count()).toBe(pack.entities.length);
    expect(await db.timeline.count()).toBe(pack.timeline.length);
  });

  it('replaces every fact when a pack of another version arrives', async () => {
    const options = fresh();
    await loadPack(createFactStore(options), pack);
    const [first, ...rest] = pack.facts;
    const next: FactPack = {
      ...pack,
      meta: { ...pack.meta, version: `${pack.meta.version}-next` },
      facts: rest,
      timeline: pack.timeline.filter((e) => e.factId !== first?.id),
    };
    expect(await loadPack(createFactStore(options), next)).toBe('replaced');
    const db = createFactStore(options);
    expect(await db.facts.count()).toBe(rest.length);
    expect(await db.facts.get(first!.id)).toBeUndefined();
    expect((await db.meta.get('pack'))?.meta.version).toBe(next.meta.version);
  });
});

describe('queries over the store and over memory', () => {
  it('answers the same card, story and search from IndexedDB and from the in-memory pack', async () => {
    const db = createFactStore(fresh());
    await loadPack(db, pack);
    const readers = [dexieReader(db), memoryReader(pack, searchRowsOf(pack))];
    const [a, b] = await Promise.all(readers.map((r) => getEntityCard(r, 'jeff-sessions')));
    expect(a?.entity.id).toBe('jeff-sessions');
    expect(a?.facts.map((f) => f.fact.id)).toEqual(b?.facts.map((f) => f.fact.id));
    expect(a?.storeStatus).toBe('indexeddb');
    expect(b?.storeStatus).toBe('memory');
    const [s1, s2] = await Promise.all(readers.map((r) => getStory(r)));
    expect(s1?.timeline.map((t) => t.event.id)).toEqual(s2?.timeline.map((t) => t.event.id));
    const [h1, h2] = await Promise.all(readers.map((r) => search(r, 'resign')));
    expect(h1!.length).toBeGreaterThan(0);
    expect(h1?.map((h) => h.id).sort()).toEqual(h2?.map((h) => h.id).sort());
  });

  it('gives each card 2–3 key facts, oldest first, each joined with its source', async () => {
    const reader = memoryReader(pack, searchRowsOf(pack));
    for (const id of ['jeff-sessions', 'robert-mueller', 'sessions-recusal']) {
      const card = await getEntityCard(reader, id);
      expect(card, id).toBeDefined();
      expect(card!.facts.length, id).toBeGreaterThanOrEqual(2);
      expect(card!.facts.length, id).toBeLessThanOrEqual(3);
      const dates = card!.facts.map((f) => f.fact.date);
      expect([...dates].sort(), id).toEqual(dates);
      for (const { fact, source } of card!.facts) expect(source.id).toBe(fact.sourceId);
    }
  });

  it('answers undefined for an unknown entity', async () => {
    expect(await getEntityCard(memoryReader(pack, []), 'pete-sessions')).toBeUndefined();
  });

  it('finds events by a word prefix, ignoring case and accents', async () => {
    const reader = memoryReader(pack, searchRowsOf(pack));
    const hits = await search(reader, 'RÉSIGN');
    expect(hits.some((h) => /resign/i.test(h.title + h.excerpt))).toBe(true);
    expect(await search(reader, '   ')).toEqual([]);
  });
});
