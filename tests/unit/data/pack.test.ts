/**
 * The bundled fact pack: it validates, its FRONTLINE excerpts are verbatim in the seed article,
 * and a broken pack fails with an error naming the file, entry and field of every problem.
 * Runs with cwd = repository root (paths below are relative to it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk, readPackFromDisk } from '../../../data/load-pack-node';
import { pack } from '../../../data/pack';
import {
  isVerbatimIn,
  PackValidationError,
  parseTextFragment,
  precisionOfIsoDate,
  textFragmentUrl,
  validatePack,
} from '../../../data/schema';

const DATA_DIR = 'data';
const SEED_PATH = '../shared/seed/000_038bf677ba1b21ea.txt';
const SEED_ID = 'frontline-flashback-2018';

type Entry = Record<string, unknown> & { id: string };

/** A fresh, mutable copy of the on-disk pack. */
function freshRaw() {
  const { raw, sourceTexts } = readPackFromDisk(DATA_DIR);
  return { raw: structuredClone(raw) as Record<string, Entry[]> & { meta: Record<string, unknown> }, sourceTexts };
}

/** Index and entry of `id` in a list file of `raw`. */
function find(raw: Record<string, Entry[]>, file: string, id: string): { index: number; entry: Entry } {
  const index = raw[file]!.findIndex((e) => e.id === id);
  if (index < 0) throw new Error(`${file} has no ${id}`);
  return { index, entry: raw[file]![index]! };
}

/** The validation problems of a mutated pack (fails the test when it validates). */
function problemsOf(raw: unknown, sourceTexts: Record<string, string>): string[] {
  try {
    validatePack(raw, sourceTexts);
  } catch (error) {
    expect(error).toBeInstanceOf(PackValidationError);
    return (error as PackValidationError).problems;
  }
  throw new Error('expected the pack to be rejected');
}

describe('bundled pack', () => {
  it('validates from disk and equals the statically bundled pack', () => {
    const validated = loadPackFromDisk(DATA_DIR);
    expect(pack).toEqual(validated);
    expect(validated.meta).toEqual({ version: '2026.11.29-1', date: '2026-11-29', language: 'en' });
    expect(validated.entities.map((e) => e.id).sort()).toEqual(['donald-trump', 'jeff-sessions', 'robert-mueller', 'sessions-recusal']);
    expect(validated.facts.length).toBeGreaterThanOrEqual(12);
    expect(validated.facts.length).toBeLessThanOrEqual(25);
  });

  it('quotes every FRONTLINE excerpt verbatim from the seed article', () => {
    const seed = readFileSync(SEED_PATH, 'utf8');
    expect(readFileSync(`${DATA_DIR}/source-texts/${SEED_ID}.txt`, 'utf8')).toBe(seed);
    const seeded = [...pack.facts, ...pack.quotes, ...pack.claims].filter((x) => x.sourceId === SEED_ID);
    expect(seeded.length).toBeGreaterThanOrEqual(10);
    for (const item of seeded) expect(seed.includes(item.excerpt), `${item.id}: ${item.excerpt}`).toBe(true);
  });

  it('has every quote inside its excerpt and every excerpt inside its snapshot', () => {
    const { sourceTexts } = readPackFromDisk(DATA_DIR);
    for (const quote of pack.quotes) expect(quote.excerpt, quote.id).toContain(quote.text);
    for (const item of [...pack.facts, ...pack.quotes, ...pack.claims])
      expect(isVerbatimIn(sourceTexts[item.sourceId]!, item.excerpt), item.id).toBe(true);
  });

  it('keeps secondary-source snapshots small (a few KB)', () => {
    for (const source of pack.sources.filter((s) => s.id !== SEED_ID))
      expect(readFileSync(`${DATA_DIR}/${source.textFile}`).length, source.id).toBeLessThanOrEqual(4096);
  });

  it('keeps the timeline oldest first and each event on its fact’s date', () => {
    const facts = new Map(pack.facts.map((f) => [f.id, f]));
    const dates = pack.timeline.map((t) => t.date);
    expect(dates).toEqual([...dates].sort());
    for (const event of pack.timeline) expect(facts.get(event.factId)?.date, event.id).toBe(event.date);
  });

  it('gives each highlighted entity 2–3 key facts and reported dates their source’s date', () => {
    for (const entity of pack.entities.filter((e) => e.highlight)) {
      const keys = pack.facts.filter((f) => f.key && f.entityIds.includes(entity.id));
      expect(keys.length, entity.id).toBeGreaterThanOrEqual(2);
      expect(keys.length, entity.id).toBeLessThanOrEqual(3);
    }
    const sources = new Map(pack.sources.map((s) => [s.id, s]));
    for (const item of [...pack.facts, ...pack.quotes].filter((x) => x.dateKind === 'reported'))
      expect(item.date, item.id).toBe(sources.get(item.sourceId)?.datePublished);
  });

  it('rates claims only with the closed label set and links to the excerpt', () => {
    for (const claim of pack.claims) {
      const fragment = parseTextFragment(claim.url);
      expect(fragment, claim.id).toBeDefined();
      expect(claim.excerpt).toContain(fragment!.textStart);
      if (fragment!.textEnd) expect(claim.excerpt).toContain(fragment!.textEnd);
    }
  });
});

describe('validatePack rejects a broken pack, naming file, entry and field', () => {
  it('a mutated excerpt', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'facts', 'sessions-resigns-at-trumps-request');
    entry.excerpt = String(entry.excerpt).replace('Trump’s request', "Trump's request");
    expect(problemsOf(raw, sourceTexts)).toContain(
      `facts[${index}] (id "sessions-resigns-at-trumps-request").excerpt: not verbatim in source "${SEED_ID}"`,
    );
  });

  it('a missing sourceId', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'facts', 'sessions-sworn-in');
    delete entry.sourceId;
    expect(problemsOf(raw, sourceTexts).join('\n')).toMatch(
      new RegExp(`^facts\\[${index}\\] \\(id "sessions-sworn-in"\\)\\.sourceId: required field is missing`, 'm'),
    );
  });

  it('an unknown sourceId', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'quotes', 'gordon-sessions-invaluable');
    entry.sourceId = 'no-such-source';
    expect(problemsOf(raw, sourceTexts)).toContain(`quotes[${index}] (id "gordon-sessions-invaluable").sourceId: unknown source "no-such-source"`);
  });

  it('a bad date and a date that does not match its precision', () => {
    const { raw, sourceTexts } = freshRaw();
    const a = find(raw, 'facts', 'sessions-resigns-at-trumps-request');
    a.entry.date = '2018-02-30';
    const b = find(raw, 'facts', 'sessions-senate-service');
    b.entry.datePrecision = 'day';
    const problems = problemsOf(raw, sourceTexts).join('\n');
    expect(problems).toMatch(new RegExp(`^facts\\[${a.index}\\] \\(id "sessions-resigns-at-trumps-request"\\)\\.date: must be an ISO date`, 'm'));
    expect(problems).toContain(`facts[${b.index}] (id "sessions-senate-service").datePrecision: "day" does not match date "1997-01" (month precision)`);
  });

  it('a reported date that is not the source’s publication date', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'facts', 'sessions-recuses-from-russia-inquiry');
    entry.date = '2017-03-03';
    const problems = problemsOf(raw, sourceTexts).join('\n');
    expect(problems).toContain(`facts[${index}] (id "sessions-recuses-from-russia-inquiry").date: dateKind "reported"`);
    // the timeline event built on that fact now disagrees with it too
    expect(problems).toMatch(/^timeline\[\d+\] \(id "t-sessions-recuses"\)\.date: "2017-03-02" differs from fact/m);
  });

  it('a duplicate id', () => {
    const { raw, sourceTexts } = freshRaw();
    const first = find(raw, 'quotes', 'trump-recusal-very-unfair');
    raw.quotes!.push(structuredClone(first.entry));
    expect(problemsOf(raw, sourceTexts)).toContain(
      `quotes[${raw.quotes!.length - 1}] (id "trump-recusal-very-unfair").id: duplicate id (also quotes[${first.index}])`,
    );
  });

  it('an unknown entityId', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'timeline', 't-mueller-appointed');
    entry.entityIds = ['bob-mueller'];
    const problems = problemsOf(raw, sourceTexts);
    expect(problems).toContain(`timeline[${index}] (id "t-mueller-appointed").entityIds[0]: unknown entity "bob-mueller"`);
  });

  it('quote text that is not inside its excerpt', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'quotes', 'dershowitz-frustration-loyalty');
    entry.text = 'I think there is frustration there';
    expect(problemsOf(raw, sourceTexts)).toContain(`quotes[${index}] (id "dershowitz-frustration-loyalty").text: not found inside its excerpt`);
  });

  it('a highlighted entity without 2–3 key facts', () => {
    const { raw, sourceTexts } = freshRaw();
    for (const fact of raw.facts!) if ((fact.entityIds as string[]).includes('robert-mueller')) fact.key = false;
    const { index } = find(raw, 'entities', 'robert-mueller');
    expect(problemsOf(raw, sourceTexts).join('\n')).toContain(`entities[${index}] (id "robert-mueller").highlight: highlighted entity has 0 key facts`);
  });

  it('aliases in entities.json (they belong in recognition.json)', () => {
    const { raw, sourceTexts } = freshRaw();
    const { index, entry } = find(raw, 'entities', 'jeff-sessions');
    entry.aliases = ['Sessions'];
    expect(problemsOf(raw, sourceTexts).join('\n')).toMatch(new RegExp(`^entities\\[${index}\\] \\(id "jeff-sessions"\\): Unrecognized key`, 'm'));
  });

  it('a timeline out of order and an unknown factId', () => {
    const { raw, sourceTexts } = freshRaw();
    raw.timeline!.reverse();
    const { index, entry } = find(raw, 'timeline', 't-sessions-sworn-in');
    entry.factId = 'no-such-fact';
    const problems = problemsOf(raw, sourceTexts).join('\n');
    expect(problems).toMatch(/^timeline\[1\] \(id "[a-z-]+"\)\.date: "[\d-]+" is older than timeline\[0\]/m);
    expect(problems).toContain(`timeline[${index}] (id "t-sessions-sworn-in").factId: unknown fact "no-such-fact"`);
  });

  it('a claim whose rating, author or link does not fit', () => {
    const { raw, sourceTexts } = freshRaw();
    const a = find(raw, 'claims', 'claim-sessions-should-never-have-recused');
    delete a.entry.quoteId;
    const b = find(raw, 'claims', 'claim-first-senator-to-endorse-trump');
    (b.entry.reviewRating as Record<string, unknown>).alternateName = 'True';
    const c = find(raw, 'claims', 'claim-resigned-at-trumps-request');
    c.entry.url = textFragmentUrl(String(c.entry.url), 'Sessions was fired by Trump');
    const problems = problemsOf(raw, sourceTexts).join('\n');
    expect(problems).toContain(`claims[${a.index}] (id "claim-sessions-should-never-have-recused").quoteId: required when the rating is "Attributed opinion"`);
    expect(problems).toMatch(new RegExp(`^claims\\[${b.index}\\] \\(id "claim-first-senator-to-endorse-trump"\\)\\.reviewRating\\.alternateName: `, 'm'));
    expect(problems).toContain(`claims[${c.index}] (id "claim-resigned-at-trumps-request").url: text fragment start "Sessions was fired by Trump" is not in the excerpt`);
  });

  it('a missing snapshot text and a recognition file naming an unknown entity', () => {
    const { raw, sourceTexts } = freshRaw();
    delete sourceTexts['wtfjht-2017-07-25-day-187'];
    const { index } = find(raw, 'sources', 'wtfjht-2017-07-25-day-187');
    const recognition = {
      persons: [{ id: 'jeff-sessions' }, { id: 'pete-sessions' }],
      events: [{ id: 'sessions-recusal', agent: 'jeff-session' }],
    };
    const problems = problemsOf({ ...raw, recognition }, sourceTexts);
    expect(problems).toContain(`sources[${index}] (id "wtfjht-2017-07-25-day-187").textFile: no snapshot text loaded for "source-texts/wtfjht-2017-07-25-day-187.txt"`);
    expect(problems).toContain('recognition.persons[1].id: unknown entity "pete-sessions" (not in entities.json)');
    expect(problems).toContain('recognition.events[0].agent: unknown entity "jeff-session" (not in entities.json)');
  });

  it('lists every problem, one per line, in the error message', () => {
    const { raw, sourceTexts } = freshRaw();
    const fact = find(raw, 'facts', 'sessions-sworn-in');
    fact.entry.excerpt = 'Sessions sworn in as attorney general today.';
    const quote = find(raw, 'quotes', 'gordon-sessions-invaluable');
    quote.entry.entityIds = ['jd-gordon'];
    (raw.meta as Record<string, unknown>).version = '2026.11.30-1';
    let message = '';
    try {
      validatePack(raw, sourceTexts);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'fact pack invalid (3 problems):',
      'meta.version: date part 2026.11.30 does not match meta.date "2026-11-29"',
      `facts[${fact.index}] (id "sessions-sworn-in").excerpt: not verbatim in source "wtfjht-2017-02-09-day-21"`,
      `quotes[${quote.index}] (id "gordon-sessions-invaluable").entityIds[0]: unknown entity "jd-gordon"`,
    ]);
  });
});

describe('helpers', () => {
  it('precisionOfIsoDate accepts only real calendar dates', () => {
    expect(precisionOfIsoDate('2018')).toBe('year');
    expect(precisionOfIsoDate('2017-02')).toBe('month');
    expect(precisionOfIsoDate('2016-02-29')).toBe('day');
    expect(precisionOfIsoDate('2017-02-29')).toBeUndefined();
    expect(precisionOfIsoDate('2017-13')).toBeUndefined();
    expect(precisionOfIsoDate('March 2, 2017')).toBeUndefined();
  });

  it('isVerbatimIn collapses whitespace, keeps typography and stops at blank lines', () => {
    const text = 'Sessions’ exit is\nthe latest  turn.\n\nNext paragraph.';
    expect(isVerbatimIn(text, 'Sessions’ exit is the latest turn.')).toBe(true);
    expect(isVerbatimIn(text, "Sessions' exit is the latest turn.")).toBe(false);
    expect(isVerbatimIn(text, 'latest turn. Next paragraph.')).toBe(false);
  });

  it('textFragmentUrl round-trips through parseTextFragment', () => {
    const url = textFragmentUrl('https://example.org/a#old', 'Sessions — a long-serving Republican lawmaker from Alabama — was the first senator');
    expect(url.startsWith('https://example.org/a#:~:text=')).toBe(true);
    expect(parseTextFragment(url)).toEqual({ textStart: 'Sessions — a long-serving', textEnd: 'was the first senator' });
    expect(parseTextFragment(textFragmentUrl('https://example.org/', 'kind of hurtful'))).toEqual({ textStart: 'kind of hurtful' });
  });
});
