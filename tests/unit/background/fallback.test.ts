import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '@/components/i18n';
import { pack } from '@/data/pack';
import { getReader, resetReader } from '@/entrypoints/background/handlers';
import { STORE_NAME } from '@/entrypoints/background/store';

/** Creates the store's database at a raw IndexedDB version, as a newer release would have. */
function openRaw(version: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(STORE_NAME, version);
    request.onupgradeneeded = () => request.result.createObjectStore('future');
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

afterEach(async () => {
  resetReader();
  await Dexie.delete(STORE_NAME);
});

describe('fact store fallback', () => {
  it('still serves the facts from IndexedDB when a newer release left the database at a higher version (downgrade)', async () => {
    await openRaw(10_000);
    const { reader, problem } = await getReader();
    expect(problem).toBeUndefined();
    expect(reader.status).toBe('indexeddb');
    expect((await reader.all()).facts.length).toBe(pack.facts.length);
  });

  it('answers from the bundled pack in memory, and says why, when IndexedDB cannot be opened (private window)', async () => {
    const original = Dexie.dependencies.indexedDB;
    Dexie.dependencies.indexedDB = {
      open: () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    try {
      const { reader, problem } = await getReader();
      expect(reader.status).toBe('memory');
      expect(problem).toMatch(/^\w*Error$/); // the error's name; the popup words it
      expect(t('storeUnavailable', [problem!])).toMatch(/^IndexedDB is unavailable \(\w*Error\); showing the bundled facts\.$/);
      expect((await reader.all()).facts.length).toBe(pack.facts.length);
    } finally {
      Dexie.dependencies.indexedDB = original;
    }
  });
});
