/**
 * Schema and validation of the bundled fact pack (`data/pack/*.json`).
 *
 * The pack is hand-written data about Jeff Sessions, Robert Mueller and Sessions' recusal from
 * the Russia investigation. Every fact, quote and claim carries an `excerpt` that must appear
 * verbatim in the snapshot text of its source (`data/source-texts/<source-id>.txt`), so the
 * extension never shows a statement its cited source does not make.
 *
 * This module is pure TypeScript + zod (no `node:` imports, no DOM): the schemas and types are
 * used by the background (types only), by `data/load-pack-node.ts` / `scripts/check-pack.ts`
 * (validation at build time) and by the unit tests.
 *
 * Conventions used throughout:
 * - Dates are ISO 8601 calendar dates of variable precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
 *   and `datePrecision` says which (`year` | `month` | `day`).
 * - `dateKind` says what a date means: `event` = the date the thing happened, as the source
 *   states it; `reported` = only the date the source published it (the source does not say when
 *   it happened), and then the date must equal the source's `datePublished`.
 * - "Verbatim" means: the excerpt, character for character (typographic quotes, apostrophes and
 *   dashes included), occurs inside one block of the source text, where blocks are separated by
 *   blank lines and any run of whitespace counts as one space.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** Kebab-case identifier (`jeff-sessions`, `sessions-recuses`). */
const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and single hyphens');

/** Date precisions, coarsest last. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
/** How precise a date is: `day` = `YYYY-MM-DD`, `month` = `YYYY-MM`, `year` = `YYYY`. */
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** What a date means: when it happened (`event`), or only when the source reported it (`reported`). */
export const DATE_KINDS = ['event', 'reported'] as const;
/** See {@link DATE_KINDS}. */
export type DateKind = (typeof DATE_KINDS)[number];

/**
 * The precision of an ISO calendar date string, or `undefined` when it is not a valid
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date (month 01–12, day within that month, leap years honoured).
 */
export function precisionOfIsoDate(date: string): DatePrecision | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (mo === undefined) return 'year';
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (d === undefined) return 'month';
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? 'day' : undefined;
}

const IsoDate = z.string().refine((s) => precisionOfIsoDate(s) !== undefined, 'must be an ISO date YYYY, YYYY-MM or YYYY-MM-DD');
const IsoDay = z.string().refine((s) => precisionOfIsoDate(s) === 'day', 'must be a full ISO date YYYY-MM-DD');
const Precision = z.enum(DATE_PRECISIONS);
const Kind = z.enum(DATE_KINDS);
const Text = z.string().trim().min(1, 'must not be empty');
/** Maximum length of an excerpt, in UTF-16 code units. */
export const MAX_EXCERPT_LENGTH = 300;
const Excerpt = z.string().min(1, 'must not be empty').max(MAX_EXCERPT_LENGTH, `must be at most ${MAX_EXCERPT_LENGTH} characters`);
const HttpUrl = z.url({ protocol: /^https?$/ });
const EntityIds = z.array(Id).min(1, 'must list at least one entity');

// ---------------------------------------------------------------------------------------------
// File schemas
// ---------------------------------------------------------------------------------------------

/**
 * `data/pack/meta.json`: which pack this is.
 * `version` is `YYYY.MM.DD-N` (the pack date plus a same-day counter), `date` the same day as an
 * ISO date, `language` a BCP 47 tag (the pack is written in English: `en`).
 */
export const PackMetaSchema = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d{2}\.\d{2}-\d+$/, 'must look like YYYY.MM.DD-N'),
  date: IsoDay,
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en"'),
});
/** Pack metadata; see {@link PackMetaSchema}. */
export type PackMeta = z.infer<typeof PackMetaSchema>;

/**
 * `data/pack/entities.json`: who or what the extension explains.
 * - `kind`: `person` or `event` (Sessions' recusal is an event).
 * - `role`: a short role the cited sources state (e.g. "U.S. Attorney General (Feb. 2017–Nov. 2018)").
 * - `summary`: 1–2 neutral sentences built only from the facts in `summaryFactIds`, each of which
 *   must list this entity.
 * - `highlight`: whether content scripts annotate its mentions on pages (Donald Trump appears in
 *   the popup only). A highlighted entity needs 2–3 key facts.
 * Aliases and recognition rules are not here: they live in `data/pack/recognition.json`.
 */
export const EntitySchema = z.strictObject({
  id: Id,
  name: Text,
  kind: z.enum(['person', 'event']),
  role: Text,
  summary: Text,
  summaryFactIds: z.array(Id).min(1, 'must cite at least one fact'),
  highlight: z.boolean(),
});
/** One entity; see {@link EntitySchema}. */
export type Entity = z.infer<typeof EntitySchema>;

/**
 * `data/pack/sources.json`: the documents facts are quoted from.
 * - `author`: the byline as the document states it, or `null` when it names none.
 * - `datePublished`: ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), as precise as the document says.
 * - `url`: the public address of the document (http/https).
 * - `textFile`: path, relative to `data/`, of the plain-text snapshot that excerpts are checked
 *   against; always `source-texts/<id>.txt`.
 * - `note`: optional provenance of the snapshot or URL (where the saved copy came from, how the
 *   URL was established).
 */
export const SourceSchema = z.strictObject({
  id: Id,
  title: Text,
  publisher: Text,
  author: Text.nullable(),
  datePublished: IsoDate,
  url: HttpUrl,
  textFile: z.string().regex(/^source-texts\/[a-z0-9-]+\.txt$/, 'must be source-texts/<source-id>.txt'),
  note: Text.optional(),
});
/** One source document; see {@link SourceSchema}. */
export type Source = z.infer<typeof SourceSchema>;

/**
 * `data/pack/facts.json`: one sourced statement.
 * - `entityIds`: the entities the fact is about (non-empty). Facts about the recusal itself are
 *   filed under `sessions-recusal`.
 * - `date` + `datePrecision` + `dateKind`: see the module conventions.
 * - `claim`: one neutral sentence in the pack's words that says nothing more than `excerpt`.
 * - `excerpt`: verbatim text of the source (≤ 300 characters) supporting the claim.
 * - `key`: one of the 2–3 facts shown on the hover card of every highlighted entity it lists.
 */
export const FactSchema = z.strictObject({
  id: Id,
  entityIds: EntityIds,
  date: IsoDate,
  datePrecision: Precision,
  dateKind: Kind,
  claim: Text,
  sourceId: Id,
  excerpt: Excerpt,
  key: z.boolean(),
});
/** One fact; see {@link FactSchema}. */
export type Fact = z.infer<typeof FactSchema>;

/**
 * `data/pack/quotes.json`: words a named person said or wrote, as a source reports them.
 * - `text`: the quoted words exactly as in the source; must occur inside `excerpt`.
 * - `speakerRole`: the speaker's role as the source gives it.
 * - `entityIds`: who or what the quote is about.
 * - `excerpt`: verbatim sentence of the source with the quote and its attribution.
 * - `date`/`datePrecision`/`dateKind`: when it was said or written (`event`) or published (`reported`).
 */
export const QuoteSchema = z.strictObject({
  id: Id,
  text: Text,
  speaker: Text,
  speakerRole: Text,
  entityIds: EntityIds,
  sourceId: Id,
  excerpt: Excerpt,
  date: IsoDate,
  datePrecision: Precision,
  dateKind: Kind,
});
/** One quote; see {@link QuoteSchema}. */
export type Quote = z.infer<typeof QuoteSchema>;

/**
 * The closed set of review labels (`reviewRating.alternateName`). They describe what the cited
 * source supports; they are not the pack's own verdict on the world:
 * - "Supported by the cited source": the source states the claim in its own voice.
 * - "Attributed to unnamed sources": the source reports the claim only on the word of unnamed
 *   people (e.g. "insiders told FRONTLINE"); it is not established beyond that.
 * - "Attributed opinion": the claim is a named person's view, quoted by the source (the review
 *   then cites that quote by `quoteId`, and `itemReviewed.author` is that person).
 * - "Contradicted by the cited source": the source states the opposite (e.g. in a published
 *   clarification).
 */
export const RATING_LABELS = [
  'Supported by the cited source',
  'Attributed to unnamed sources',
  'Attributed opinion',
  'Contradicted by the cited source',
] as const;
/** See {@link RATING_LABELS}. */
export type RatingLabel = (typeof RATING_LABELS)[number];

/** `author.name` of every review in the pack: the pack itself, not a newsroom. */
export const REVIEW_AUTHOR_NAME = 'Fact-check: Sessions & Mueller (bundled pack)';

/**
 * `data/pack/claims.json`: schema.org `ClaimReview`s of statements readers question.
 * - `claimReviewed`: the statement as readers meet it.
 * - `itemReviewed`: the `Claim`: `author` is who made it (a quoted person, or the publisher of
 *   the cited source), or `null` when it circulates without an identifiable author;
 *   `datePublished` the ISO date it was made or published, omitted when unknown (required
 *   when `author` is set).
 * - `reviewRating.alternateName`: one of {@link RATING_LABELS}.
 * - `author.name` is {@link REVIEW_AUTHOR_NAME}; `datePublished` is the pack date (meta.date).
 * - `url`: the source's URL, with a text fragment (`#:~:text=`) pointing at the excerpt.
 * - `entityIds`, `sourceId`, `excerpt` as for facts; `quoteId` for "Attributed opinion".
 */
export const ClaimReviewSchema = z.strictObject({
  id: Id,
  '@type': z.literal('ClaimReview'),
  claimReviewed: Text,
  itemReviewed: z.strictObject({
    '@type': z.literal('Claim'),
    author: z.strictObject({ '@type': z.enum(['Person', 'Organization']), name: Text }).nullable(),
    datePublished: IsoDate.optional(),
  }),
  reviewRating: z.strictObject({
    '@type': z.literal('Rating'),
    alternateName: z.enum(RATING_LABELS),
  }),
  author: z.strictObject({ '@type': z.literal('Organization'), name: z.literal(REVIEW_AUTHOR_NAME) }),
  datePublished: IsoDay,
  url: HttpUrl,
  entityIds: EntityIds,
  sourceId: Id,
  excerpt: Excerpt,
  quoteId: Id.optional(),
});
/** One claim review; see {@link ClaimReviewSchema}. */
export type ClaimReview = z.infer<typeof ClaimReviewSchema>;

/**
 * `data/pack/timeline.json`: the dated events of the story, oldest first.
 * `date`/`datePrecision`/`dateKind` repeat those of the fact `factId` that sources the event;
 * `entityIds` is a subset of that fact's entities; `title` is a short headline.
 */
export const TimelineEventSchema = z.strictObject({
  id: Id,
  date: IsoDate,
  datePrecision: Precision,
  dateKind: Kind,
  title: Text,
  entityIds: EntityIds,
  factId: Id,
});
/** One timeline event; see {@link TimelineEventSchema}. */
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** The whole validated pack, as bundled (`data/pack.ts`) and as stored in IndexedDB. */
export interface FactPack {
  meta: PackMeta;
  entities: Entity[];
  facts: Fact[];
  quotes: Quote[];
  claims: ClaimReview[];
  timeline: TimelineEvent[];
  sources: Source[];
}

/** The pack's list files, in the order problems are reported. */
const LIST_FILES = {
  entities: EntitySchema,
  sources: SourceSchema,
  facts: FactSchema,
  quotes: QuoteSchema,
  claims: ClaimReviewSchema,
  timeline: TimelineEventSchema,
} as const;
type ListFile = keyof typeof LIST_FILES;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/** Collapses every run of whitespace to one space and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Whether `excerpt` occurs verbatim in `sourceText`: inside one block (blocks are separated by
 * blank lines), with any run of whitespace counting as one space. Characters are compared
 * exactly, so ’ differs from ' and “ from ".
 */
export function isVerbatimIn(sourceText: string, excerpt: string): boolean {
  const needle = collapseWhitespace(excerpt);
  if (!needle) return false;
  return sourceText.split(/\n[ \t\r\f\v\u00a0]*\n/).some((block) => collapseWhitespace(block).includes(needle));
}

/** Percent-encodes one text-fragment term (also `-`, `,` and `&`, which the syntax reserves). */
function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D');
}

/**
 * A URL with a text fragment (`#:~:text=`) that highlights `excerpt` on the page at `url`.
 * Short excerpts (≤ 60 characters, or ≤ 8 words) are given whole; longer ones as
 * `textStart,textEnd` of their first and last four words. Any existing fragment of `url` is dropped.
 */
export function textFragmentUrl(url: string, excerpt: string): string {
  const base = url.split('#')[0] ?? url;
  const words = collapseWhitespace(excerpt).split(' ');
  const directive =
    excerpt.length <= 60 || words.length <= 8
      ? encodeFragmentTerm(words.join(' '))
      : `${encodeFragmentTerm(words.slice(0, 4).join(' '))},${encodeFragmentTerm(words.slice(-4).join(' '))}`;
  return `${base}#:~:text=${directive}`;
}

/**
 * The decoded `textStart` and optional `textEnd` of the first text directive of `url`
 * (prefix `…-` and suffix `-…` terms are dropped), or `undefined` when the URL has none.
 * @throws URIError when a term is not valid percent-encoding.
 */
export function parseTextFragment(url: string): { textStart: string; textEnd?: string } | undefined {
  const at = url.indexOf('#:~:');
  if (at < 0) return undefined;
  const directive = url
    .slice(at + 4)
    .split('&')
    .find((d) => d.startsWith('text='));
  if (!directive) return undefined;
  const terms = directive
    .slice(5)
    .split(',')
    .filter((t) => !t.endsWith('-') && !t.startsWith('-'))
    .map((t) => decodeURIComponent(t));
  const [textStart, textEnd] = terms;
  if (textStart === undefined) return undefined;
  return textEnd === undefined ? { textStart } : { textStart, textEnd };
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/** Error thrown by {@link validatePack}: `problems` holds one line per problem. */
export class PackValidationError extends Error {
  /** Every problem, e.g. `facts[12] (id "sessions-resigns").excerpt: not verbatim in source "…"`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`fact pack invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}`);
    this.name = 'PackValidationError';
    this.problems = problems;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `required field is missing (${issue.message})`;
  return issue.message;
}

function entryLabel(file: string, index: number, entry: unknown): string {
  const id = entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : undefined;
  return id === undefined ? `${file}[${index}]` : `${file}[${index}] (id "${id}")`;
}

/** Top-level arrays of a recognition file whose objects' `id`s are entity ids. */
const RECOGNITION_ENTITY_LISTS = new Set(['entities', 'persons', 'events']);
/** Keys of a recognition file whose string values are entity ids. */
const RECOGNITION_ENTITY_KEYS = new Set(['entityId', 'entity', 'agent']);

/**
 * Every entity id a recognition file refers to, with where: `id`s of the objects of its top-level
 * `entities`, `persons` and `events` arrays, strings under keys named `entityId`, `entity` or
 * `agent` (an event's agent), and strings in arrays under `entityIds`.
 */
function recognitionEntityRefs(value: unknown): Array<{ path: string; id: string }> {
  const refs: Array<{ path: string; id: string }> = [];
  const walk = (node: unknown, path: string, topLevelEntities: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        if (topLevelEntities && child && typeof child === 'object' && typeof (child as { id?: unknown }).id === 'string')
          refs.push({ path: `${path}[${i}].id`, id: (child as { id: string }).id });
        walk(child, `${path}[${i}]`, false);
      });
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = `${path}.${key}`;
      if (RECOGNITION_ENTITY_KEYS.has(key) && typeof child === 'string') refs.push({ path: childPath, id: child });
      else if (key === 'entityIds' && Array.isArray(child))
        child.forEach((id, i) => typeof id === 'string' && refs.push({ path: `${childPath}[${i}]`, id }));
      else walk(child, childPath, path === 'recognition' && RECOGNITION_ENTITY_LISTS.has(key));
    }
  };
  walk(value, 'recognition', false);
  return refs;
}

/**
 * Validates a raw fact pack and returns it typed.
 *
 * @param raw The parsed JSON files as one object:
 *   `{ meta, entities, sources, facts, quotes, claims, timeline }` (the contents of
 *   `data/pack/<name>.json`), optionally with `recognition` (the contents of
 *   `data/pack/recognition.json`, written by the recognition code's owner: only its entity ids
 *   are checked here, and it is not part of the returned pack).
 * @param sourceTexts Snapshot text of every source, keyed by source id (the contents of
 *   `data/<source.textFile>`); excerpts are checked against these, so no network is needed.
 * @returns The pack, typed as {@link FactPack} (same objects, unknown top-level keys dropped).
 * @throws {PackValidationError} listing every problem found, one per line, each naming the file,
 *   the entry (index and id) and the field, e.g.
 *   `facts[12] (id "sessions-resigns").excerpt: not verbatim in source "frontline-flashback-2018"`.
 *   Checked: each file's shape (unknown fields are errors); ids unique per file; every referenced
 *   entity, source, fact and quote id exists; excerpts verbatim in their source text and free of
 *   stray whitespace; quote text inside its excerpt; dates valid and matching their precision;
 *   `reported` dates equal to the source's publication date; timeline in date order and agreeing
 *   with its facts; summary facts listing their entity; 2–3 key facts per highlighted entity;
 *   review labels, authors and text-fragment URLs consistent; every source cited.
 */
export function validatePack(raw: unknown, sourceTexts: Record<string, string>): FactPack {
  const problems: string[] = [];
  const at = (where: string, message: string) => problems.push(`${where}: ${message}`);

  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PackValidationError(['pack: must be an object of the pack files']);
  const input = raw as Record<string, unknown>;

  // --- shapes ------------------------------------------------------------------------------
  let meta: PackMeta | undefined;
  const metaResult = PackMetaSchema.safeParse(input.meta);
  if (metaResult.success) meta = metaResult.data;
  else for (const issue of metaResult.error.issues) at(`meta${formatPath(issue.path)}`, issueMessage(issue));
  if (meta) {
    const [y, mo, d] = meta.version.split('-')[0]!.split('.');
    if (`${y}-${mo}-${d}` !== meta.date) at('meta.version', `date part ${y}.${mo}.${d} does not match meta.date "${meta.date}"`);
  }

  /** Valid entries of each list file, with their index in the file. */
  const valid = {} as { [K in ListFile]: Array<{ index: number; value: z.infer<(typeof LIST_FILES)[K]> }> };
  for (const file of Object.keys(LIST_FILES) as ListFile[]) {
    const list = input[file];
    const entries: Array<{ index: number; value: never }> = [];
    (valid as Record<string, unknown>)[file] = entries;
    if (!Array.isArray(list)) {
      at(file, list === undefined ? 'file is missing' : 'must be an array');
      continue;
    }
    list.forEach((entry, index) => {
      const result = (LIST_FILES[file] as z.ZodType).safeParse(entry);
      if (result.success) entries.push({ index, value: result.data as never });
      else for (const issue of result.error.issues) at(`${entryLabel(file, index, entry)}${formatPath(issue.path)}`, issueMessage(issue));
    });
  }

  // --- unique ids ---------------------------------------------------------------------------
  for (const file of Object.keys(LIST_FILES) as ListFile[]) {
    const list = input[file];
    if (!Array.isArray(list)) continue;
    const first = new Map<string, number>();
    list.forEach((entry, index) => {
      const id = entry && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
      if (typeof id !== 'string') return;
      const seen = first.get(id);
      if (seen === undefined) first.set(id, index);
      else at(`${entryLabel(file, index, entry)}.id`, `duplicate id (also ${file}[${seen}])`);
    });
  }

  const label = (file: ListFile, index: number, id: string) => `${file}[${index}] (id "${id}")`;
  const entityById = new Map(valid.entities.map(({ value }) => [value.id, value]));
  const sourceById = new Map(valid.sources.map(({ value }) => [value.id, value]));
  const factById = new Map(valid.facts.map(({ value }) => [value.id, value]));
  const quoteById = new Map(valid.quotes.map(({ value }) => [value.id, value]));
  // Ids present in the raw files (even if an entry is otherwise malformed), so one bad field does
  // not also produce "unknown id" errors everywhere it is referenced.
  const rawIds = (file: ListFile) =>
    new Set(
      (Array.isArray(input[file]) ? (input[file] as unknown[]) : []).flatMap((e) =>
        e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string' ? [(e as { id: string }).id] : [],
      ),
    );
  const entityIds = rawIds('entities');
  const sourceIds = rawIds('sources');
  const factIds = rawIds('facts');
  const quoteIds = rawIds('quotes');

  const checkEntityRefs = (where: string, ids: string[]) => {
    ids.forEach((id, i) => {
      if (!entityIds.has(id)) at(`${where}.entityIds[${i}]`, `unknown entity "${id}"`);
    });
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) at(`${where}.entityIds`, `lists "${dup}" twice`);
  };
  const checkDate = (where: string, item: { date: string; datePrecision: DatePrecision; dateKind: DateKind }, source: Source | undefined) => {
    const precision = precisionOfIsoDate(item.date);
    if (precision && precision !== item.datePrecision)
      at(`${where}.datePrecision`, `"${item.datePrecision}" does not match date "${item.date}" (${precision} precision)`);
    if (item.dateKind === 'reported' && source && item.date !== source.datePublished)
      at(`${where}.date`, `dateKind "reported" but date "${item.date}" is not the publication date "${source.datePublished}" of source "${source.id}"`);
  };
  /** Checks sourceId and excerpt; returns the source when it exists. */
  const checkExcerpt = (where: string, sourceId: string, excerpt: string): Source | undefined => {
    const source = sourceById.get(sourceId);
    if (!source) {
      if (!sourceIds.has(sourceId)) at(`${where}.sourceId`, `unknown source "${sourceId}"`);
      return undefined;
    }
    if (excerpt !== collapseWhitespace(excerpt)) at(`${where}.excerpt`, 'has leading, trailing, repeated or line-break whitespace');
    const text = sourceTexts[sourceId];
    if (text === undefined) return source; // reported once, on the source
    if (!isVerbatimIn(text, excerpt)) at(`${where}.excerpt`, `not verbatim in source "${sourceId}"`);
    return source;
  };

  // --- sources ------------------------------------------------------------------------------
  for (const { index, value: s } of valid.sources) {
    const where = label('sources', index, s.id);
    if (s.textFile !== `source-texts/${s.id}.txt`) at(`${where}.textFile`, `must be "source-texts/${s.id}.txt"`);
    if (sourceTexts[s.id] === undefined) at(`${where}.textFile`, `no snapshot text loaded for "${s.textFile}"`);
    else if (!sourceTexts[s.id]!.trim()) at(`${where}.textFile`, `snapshot "${s.textFile}" is empty`);
  }

  // --- facts --------------------------------------------------------------------------------
  for (const { index, value: f } of valid.facts) {
    const where = label('facts', index, f.id);
    checkEntityRefs(where, f.entityIds);
    const source = checkExcerpt(where, f.sourceId, f.excerpt);
    checkDate(where, f, source);
  }

  // --- quotes -------------------------------------------------------------------------------
  for (const { index, value: q } of valid.quotes) {
    const where = label('quotes', index, q.id);
    checkEntityRefs(where, q.entityIds);
    const source = checkExcerpt(where, q.sourceId, q.excerpt);
    checkDate(where, q, source);
    if (!q.excerpt.includes(q.text)) at(`${where}.text`, 'not found inside its excerpt');
  }

  // --- entities -----------------------------------------------------------------------------
  for (const { index, value: e } of valid.entities) {
    const where = label('entities', index, e.id);
    e.summaryFactIds.forEach((factId, i) => {
      const fact = factById.get(factId);
      if (!fact) {
        if (!factIds.has(factId)) at(`${where}.summaryFactIds[${i}]`, `unknown fact "${factId}"`);
      } else if (!fact.entityIds.includes(e.id)) at(`${where}.summaryFactIds[${i}]`, `fact "${factId}" does not list entity "${e.id}"`);
    });
    if (e.highlight) {
      const keyCount = valid.facts.filter(({ value: f }) => f.key && f.entityIds.includes(e.id)).length;
      if (keyCount < 2 || keyCount > 3)
        at(`${where}.highlight`, `highlighted entity has ${keyCount} key facts (facts with key: true listing it); needs 2–3`);
    }
  }

  // --- claims -------------------------------------------------------------------------------
  for (const { index, value: c } of valid.claims) {
    const where = label('claims', index, c.id);
    checkEntityRefs(where, c.entityIds);
    const source = checkExcerpt(where, c.sourceId, c.excerpt);
    if (meta && c.datePublished !== meta.date) at(`${where}.datePublished`, `must be the pack date "${meta.date}"`);
    if (source) {
      if (c.url.split('#')[0] !== source.url) at(`${where}.url`, `must be the URL of source "${source.id}" (${source.url}), optionally with a text fragment`);
      let fragment: ReturnType<typeof parseTextFragment>;
      try {
        fragment = parseTextFragment(c.url);
      } catch {
        at(`${where}.url`, 'text fragment is not valid percent-encoding');
      }
      if (fragment) {
        const start = c.excerpt.indexOf(fragment.textStart);
        if (start < 0) at(`${where}.url`, `text fragment start "${fragment.textStart}" is not in the excerpt`);
        else if (fragment.textEnd !== undefined && c.excerpt.indexOf(fragment.textEnd, start + fragment.textStart.length) < 0)
          at(`${where}.url`, `text fragment end "${fragment.textEnd}" does not follow its start in the excerpt`);
      }
    }
    const rating = c.reviewRating.alternateName;
    const author = c.itemReviewed.author;
    if (author && c.itemReviewed.datePublished === undefined) at(`${where}.itemReviewed.datePublished`, 'required when itemReviewed.author is set');
    if (rating === 'Attributed opinion') {
      if (!c.quoteId) at(`${where}.quoteId`, 'required when the rating is "Attributed opinion"');
      if (author?.['@type'] !== 'Person') at(`${where}.itemReviewed.author`, 'must be the quoted Person when the rating is "Attributed opinion"');
    } else if (author && source && (author['@type'] !== 'Organization' || author.name !== source.publisher)) {
      at(`${where}.itemReviewed.author`, `must be null or the publisher of the cited source ("${source.publisher}") when the rating is "${rating}"`);
    }
    if (c.quoteId) {
      const quote = quoteById.get(c.quoteId);
      if (!quote) {
        if (!quoteIds.has(c.quoteId)) at(`${where}.quoteId`, `unknown quote "${c.quoteId}"`);
      } else {
        if (quote.sourceId !== c.sourceId) at(`${where}.quoteId`, `quote "${quote.id}" cites source "${quote.sourceId}", not "${c.sourceId}"`);
        if (!c.excerpt.includes(quote.text)) at(`${where}.excerpt`, `does not contain the text of quote "${quote.id}"`);
        if (author && author.name !== quote.speaker) at(`${where}.itemReviewed.author.name`, `"${author.name}" is not the speaker of quote "${quote.id}" ("${quote.speaker}")`);
      }
    }
  }

  // --- timeline -----------------------------------------------------------------------------
  let previous: { date: string; index: number } | undefined;
  for (const { index, value: t } of valid.timeline) {
    const where = label('timeline', index, t.id);
    checkEntityRefs(where, t.entityIds);
    const precision = precisionOfIsoDate(t.date);
    if (precision && precision !== t.datePrecision) at(`${where}.datePrecision`, `"${t.datePrecision}" does not match date "${t.date}" (${precision} precision)`);
    const fact = factById.get(t.factId);
    if (!fact) {
      if (!factIds.has(t.factId)) at(`${where}.factId`, `unknown fact "${t.factId}"`);
    } else {
      for (const field of ['date', 'datePrecision', 'dateKind'] as const)
        if (t[field] !== fact[field]) at(`${where}.${field}`, `"${t[field]}" differs from fact "${fact.id}" ("${fact[field]}")`);
      t.entityIds.forEach((id, i) => {
        if (!fact.entityIds.includes(id)) at(`${where}.entityIds[${i}]`, `"${id}" is not an entity of fact "${fact.id}"`);
      });
    }
    if (previous && t.date < previous.date) at(`${where}.date`, `"${t.date}" is older than timeline[${previous.index}] ("${previous.date}"): order oldest first`);
    previous = { date: t.date, index };
  }

  // --- every source cited -------------------------------------------------------------------
  const cited = new Set([...valid.facts, ...valid.quotes, ...valid.claims].map(({ value }) => value.sourceId));
  for (const { index, value: s } of valid.sources)
    if (!cited.has(s.id)) at(`${label('sources', index, s.id)}.id`, 'not cited by any fact, quote or claim');

  // --- recognition (owned elsewhere; only its entity ids are checked) -----------------------
  if (input.recognition !== undefined)
    for (const ref of recognitionEntityRefs(input.recognition))
      if (!entityIds.has(ref.id)) at(ref.path, `unknown entity "${ref.id}" (not in entities.json)`);

  if (problems.length) throw new PackValidationError(problems);
  return {
    meta: meta!,
    entities: valid.entities.map((e) => e.value),
    facts: valid.facts.map((e) => e.value),
    quotes: valid.quotes.map((e) => e.value),
    claims: valid.claims.map((e) => e.value),
    timeline: valid.timeline.map((e) => e.value),
    sources: valid.sources.map((e) => e.value),
  };
}
