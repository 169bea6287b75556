/**
 * `npm run pack:check`: validates the bundled fact pack (`data/pack/*.json` and the source
 * snapshots in `data/source-texts/`) and prints a one-line summary, e.g.
 * `pack 2026.11.29-1: 4 entities, 25 facts, 7 quotes, 10 claims, 9 timeline events, 11 sources`.
 * On failure it prints every problem (one per line, naming file, entry and field) to stderr and
 * exits with status 1, so `npm run build` stops before bundling a bad pack.
 */
import { fileURLToPath } from 'node:url';
import { loadPackFromDisk } from '../data/load-pack-node';

const dataDir = fileURLToPath(new URL('../data/', import.meta.url));

try {
  const pack = loadPackFromDisk(dataDir);
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  console.log(
    `pack ${pack.meta.version}: ${n(pack.entities.length, 'entity', 'entities')}, ${n(pack.facts.length, 'fact')}, ` +
      `${n(pack.quotes.length, 'quote')}, ${n(pack.claims.length, 'claim')}, ${n(pack.timeline.length, 'timeline event')}, ` +
      `${n(pack.sources.length, 'source')}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
