/**
 * The bundled fact pack, for extension code (background, popup): the JSON files of `data/pack/`
 * imported statically, so the bundler inlines them and nothing reads the file system at runtime.
 *
 * No validation happens here: `npm run pack:check` (run first by `npm run build` and
 * `npm run zip`) validates the same files with `validatePack`, including every excerpt against
 * its source snapshot, and the unit tests check that this object equals the validated pack.
 */
import claims from './pack/claims.json';
import entities from './pack/entities.json';
import facts from './pack/facts.json';
import meta from './pack/meta.json';
import quotes from './pack/quotes.json';
import sources from './pack/sources.json';
import timeline from './pack/timeline.json';
import type { FactPack } from './schema';

/**
 * The fact pack shipped with this build: entities, facts, quotes, claim reviews, timeline and
 * sources, in file order (timeline oldest first). Typed by assertion; checked at build time.
 */
export const pack: FactPack = { meta, entities, facts, quotes, claims, timeline, sources } as FactPack;
