import { describe, expect, it } from 'vitest';
import rulesJson from '@/data/pack/recognition.json';
import { compileRecognizer } from '@/core/compile';
import { findCandidates, LazyRecognizer, mayHoldName, resolveMentions, type Recognizer } from '@/core/match';
import { parseRecognitionRules, type RecognitionRules } from '@/core/recognition';

const rules = parseRecognitionRules(rulesJson);
const recognizer = compileRecognizer(rules);

/** Mentions of a page given as one string per block: [entity, page text] in order. */
function page(blocks: string[], rec: Recognizer = recognizer): Array<[string, string]> {
  const resolved = resolveMentions(blocks.map((text) => ({ text, candidates: findCandidates(text, rec) })), rec);
  return resolved.flatMap((list, i) => list.map((m): [string, string] => [m.entityId, blocks[i]!.slice(m.start, m.end)]));
}

describe('full names and spans', () => {
  it('takes the longest name span, titles and possessives outside', () => {
    expect(page(['Attorney General Jeff Sessions’s office and special counsel Robert S. Mueller, III.'])).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
      ['robert-mueller', 'Robert S. Mueller, III'],
    ]);
  });

  it('makes "Jeff Sessions’ recusal" one sessions-recusal mention with the name and the word as parts', () => {
    const text = 'Trump criticised Jeff Sessions’ recusal again.';
    const [m] = resolveMentions([{ text, candidates: findCandidates(text, recognizer) }], recognizer)[0]!;
    expect(text.slice(m!.start, m!.end)).toBe('Jeff Sessions’ recusal');
    expect(m!.entityId).toBe('sessions-recusal');
    expect(m!.parts?.map((p) => [p.entityId, text.slice(p.start, p.end)])).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
      ['sessions-recusal', 'recusal'],
    ]);
  });

  it('enforces word boundaries', () => {
    expect(page(['CSRF_USE_SESSIONS and Muellerstrasse and xJeff Sessionsx'])).toEqual([]);
  });

  it('gives one human line as the reason', () => {
    const text = 'Jeff Sessions spoke. Later Sessions left.';
    const [list] = resolveMentions([{ text, candidates: findCandidates(text, recognizer) }], recognizer);
    expect(list!.map((m) => m.why)).toEqual(['‘Jeff Sessions’ — full name', '‘Sessions’ — same page names Jeff Sessions']);
  });
});

describe('blockers', () => {
  it('does not take namesakes, common nouns or named things', () => {
    expect(
      page([
        'Rep. Pete Sessions of Texas spoke. William S. Sessions led the FBI before.',
        'The newsroom holds training sessions; Training Sessions start Monday. Live Sessions on NPR.',
        'Sessions of Congress are public.',
        'Bayern forward Thomas Müller scored. The Müller-Lyer illusion. Box-Muller transform. Mueller Industries rose.',
        'Google’s John Mueller answered. DEBORAH L. MUELLER, 0000.',
      ]),
    ).toEqual([]);
  });

  it('does not take a judge’s or Nunes’ recusal', () => {
    expect(
      page([
        'Attorney General Jeff Sessions spoke on Monday.',
        'Judge Smith said the judge would recuse himself. Devin Nunes recused himself from the probe.',
        'Justices must recuse themselves when they own shares.',
      ]),
    ).toEqual([['jeff-sessions', 'Jeff Sessions']]);
  });

  it('takes Sessions’ own recusal', () => {
    expect(page(['In March, Sessions recused himself from the Russia investigation, and his recusal angered Trump.'])).toEqual([
      ['jeff-sessions', 'Sessions'],
      ['sessions-recusal', 'recused himself'],
      ['sessions-recusal', 'recusal'],
    ]);
  });

  it('takes a surname only when capitalised; a sentence-initial common noun is not a person', () => {
    expect(page(['Jeff Sessions testified.', 'Sessions begin at nine and the Senate sessions run late.'])).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
    ]);
  });
});

describe('page-level evidence', () => {
  const bare = 'Democrats say Sessions lacks independence. Critics attacked Mueller on Tuesday.';

  it('does not take a bare surname without evidence', () => {
    expect(page([bare])).toEqual([]);
  });

  it('takes it when the page names the full name in another block', () => {
    expect(page([bare, 'Profile: Jeff Sessions and Robert Mueller.'])).toEqual([
      ['jeff-sessions', 'Sessions'],
      ['robert-mueller', 'Mueller'],
      ['jeff-sessions', 'Jeff Sessions'],
      ['robert-mueller', 'Robert Mueller'],
    ]);
  });

  it('takes it on local evidence alone (title, follower, context)', () => {
    expect(page(['Attorney General Sessions spoke.', 'The Mueller probe went on.'])).toEqual([
      ['jeff-sessions', 'Sessions'],
      ['robert-mueller', 'Mueller'],
    ]);
  });

  it('ignores page evidence when a namesake is on the page', () => {
    expect(page(['Democrats say Sessions lacks independence.', 'Jeff Sessions met Rep. Pete Sessions.'])).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
    ]);
  });

  it('decides only what later blocks cannot overturn when asked (settledOnly): a subset of the full pass on any longer page', () => {
    const blocksOf = (texts: string[]) => texts.map((text) => ({ text, candidates: findCandidates(text, recognizer) }));
    const spans = (texts: string[], settledOnly: boolean) =>
      resolveMentions(blocksOf(texts), recognizer, { settledOnly }).flatMap((list, i) => list.map((m) => `${m.entityId}:${texts[i]!.slice(m.start, m.end)}`));
    // the top of a page: a headline surname counts by the full name below it (page evidence),
    // the others by their own words (full name, title, local context, a possessive event)
    const top = ['Sessions out', 'Jeff Sessions resigned.', 'Attorney General Sessions spoke.', 'The Mueller probe went on.', 'Trump criticised Sessions’ recusal.'];
    expect(spans(top, false)).toEqual([
      'jeff-sessions:Sessions',
      'jeff-sessions:Jeff Sessions',
      'jeff-sessions:Sessions',
      'robert-mueller:Mueller',
      'sessions-recusal:Sessions’ recusal',
    ]);
    const settled = spans(top, true);
    expect(settled).toEqual(spans(top, false).slice(1));
    // further down the page a namesake voids the page evidence: the headline leaves the full
    // pass, and what the settled pass took stays
    const whole = [...top, 'Rep. Pete Sessions of Texas spoke.'];
    expect(spans(whole, false)).not.toContain('jeff-sessions:Sessions out');
    expect(spans(whole, false).slice(0, 4)).toEqual(settled);
    for (let n = 1; n <= whole.length; n++) {
      const full = spans(whole.slice(0, n), false);
      for (const m of spans(whole.slice(0, Math.min(n, top.length)), true)) expect(full).toContain(m);
    }
  });

  it('needs local support for a variant spelling ("Muller")', () => {
    expect(page(['Robert Muller, chancellor of the UN University, spoke.', 'Robert Mueller was absent.'])).toEqual([
      ['robert-mueller', 'Robert Mueller'],
    ]);
    expect(page(['Special counsel Muller filed charges.'])).toEqual([['robert-mueller', 'Muller']]);
  });
});

describe('scale', () => {
  it('matches with 10,000 extra aliases compiled into the same automaton and gives the same results', () => {
    const big: RecognitionRules = structuredClone(rules);
    const extra = big.persons.map((p) => ({ ...p }));
    for (let i = 0; i < 10_000; i++) {
      const id = `synthetic-${i}`;
      extra.push({
        id,
        label: `Person ${i}`,
        fullNames: [`Zed${i.toString(36)} Quux${(i * 7919).toString(36)}`],
        surnames: [],
        weakNames: [],
        titles: [],
        followers: [],
        context: [],
        pageContext: [],
        pageCounterContext: [],
        namesakeTitles: [],
        blockBefore: [],
        blockAfter: [],
        blockAfterAtStart: [],
        hyphenPartners: [],
      });
    }
    big.persons = extra;
    const rec = compileRecognizer(big);
    const text = 'Attorney General Jeff Sessions met Zed7 Quux' + (7 * 7919).toString(36) + ' and special counsel Robert Mueller; zed7 quuxx is not one.';
    expect(page([text], rec)).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
      ['synthetic-7', `Zed7 Quux${(7 * 7919).toString(36)}`],
      ['robert-mueller', 'Robert Mueller'],
    ]);
    expect(page([text], recognizer)).toEqual([
      ['jeff-sessions', 'Jeff Sessions'],
      ['robert-mueller', 'Robert Mueller'],
    ]);
  });
});

describe('compileRecognizer', () => {
  it('validates raw rules and names the bad field', () => {
    expect(() => compileRecognizer({ ...rules, persons: [{ ...rules.persons[0]!, fullNames: 'Jeff' }] } as never)).toThrow(/persons\.0\.fullNames/);
  });
});

describe('event words that need a topic', () => {
  it('does not take "his recusal" when nothing near it says what he recused from', () => {
    expect(page(['Jeff Sessions announced his recusal at a press conference on March 2, 2017.'])).toEqual([['jeff-sessions', 'Jeff Sessions']]);
  });

  it('takes "his recusal" when its block or the text next to it names the investigation', () => {
    expect(page(['Jeff Sessions announced his recusal from the Russia investigation.'])).toContainEqual(['sessions-recusal', 'recusal']);
    expect(page(['Jeff Sessions announced his recusal on March 2.', 'It left the probe to Rod Rosenstein.'])).toContainEqual(['sessions-recusal', 'recusal']);
  });

  it('always takes a recusal joined to the name ("Sessions’ recusal") and the reflexive verb', () => {
    expect(page(['Jeff Sessions spoke. Sessions’ recusal came in March.'])).toContainEqual(['sessions-recusal', 'Sessions’ recusal']);
    expect(page(['Jeff Sessions recused himself on March 2.'])).toContainEqual(['sessions-recusal', 'recused himself']);
  });
});

describe('blocks passed with their page neighbourhood', () => {
  const blocksOf = (texts: string[]) => texts.map((text) => ({ text, candidates: findCandidates(text, recognizer) }));

  it('looks for an actor in the block before only when that block is really the one before', () => {
    // "Recused." as a heading after a block naming Rosenstein: as neighbours, Rosenstein is the
    // nearest actor (no mention); when the content script says the blocks are not adjacent, the
    // actor right after the heading decides.
    const texts = ['Jeff Sessions spoke with Rod Rosenstein.', 'Recused.', 'Jeff Sessions recused himself from the Russia inquiry.'];
    const adjacent = resolveMentions(blocksOf(texts), recognizer);
    const apart = resolveMentions(
      blocksOf(texts).map((b, i) => (i === 1 ? { ...b, previous: null, textBefore: '' } : b)),
      recognizer,
    );
    expect(adjacent[1]).toEqual([]);
    expect(apart[1]!.map((m) => texts[1]!.slice(m.start, m.end))).toEqual(['Recused']);
  });

  it('decides only the blocks asked for, with the same result as a full pass, and reports the evidence', () => {
    const blocks = blocksOf(['Attorney General Jeff Sessions spoke.', 'Sessions left.', 'Mueller was appointed.', 'Robert Mueller spoke.']);
    const keys: string[] = [];
    const full = resolveMentions(blocks, recognizer, { onEvidence: (k) => keys.push(k) });
    const some = resolveMentions(blocks, recognizer, { only: new Set([1, 2]), onEvidence: (k) => keys.push(k) });
    expect(some).toEqual([[], full[1], full[2], []]);
    expect(full[1]!.length + full[2]!.length).toBe(2);
    expect(keys[0]).toBe(keys[1]);
    let without = '';
    resolveMentions(blocks.slice(1, 3), recognizer, { only: new Set(), onEvidence: (k) => (without = k) });
    expect(without).not.toBe(keys[0]);
    // onlyFor: the same choice made from the evidence key, in one pass
    const asked: string[] = [];
    const chosen = resolveMentions(blocks, recognizer, { onlyFor: (k) => (asked.push(k), k === keys[0] ? new Set([1, 2]) : undefined) });
    expect(asked).toEqual([keys[0]]);
    expect(chosen).toEqual(some);
    expect(resolveMentions(blocks, recognizer, { onlyFor: () => undefined })).toEqual(full);
  });
});

describe('name pre-check', () => {
  it('LazyRecognizer answers it like the compiled recognizer, without compiling', () => {
    const lazy = new LazyRecognizer(rules);
    const texts = [
      'The attorney general spoke.',
      'Jeff Sessions spoke.',
      'SESSIONS',
      'Robert Müller',
      'Mueller’s report',
      'He recused himself.',
      'A training session on Tuesday.',
      'Ｓｅｓｓｉｏｎｓ (full width)',
      'Ses\u00adsions with a soft hyphen',
      '',
    ];
    for (const text of texts) expect(lazy.mayHoldName(text), text).toBe(mayHoldName(text, recognizer));
    expect(lazy.mayHoldName('The attorney general spoke.')).toBe(false);
    expect(lazy.isCompiled).toBe(false);
  });

  it('lets the name pre-check fold accented text: false for "Beyoncé" alone, true wherever a name or event word is found', () => {
    expect(mayHoldName('Beyoncé sang at the Café de Flore.', recognizer)).toBe(false);
    const texts = [
      'Jeff Séssions spoke.',
      'JEFF SESSIONS',
      'Robert Müller, the special counsel',
      'MÜLLER’s report on Beyoncé',
      'Ses\u00adsions, said the attorney general — café',
      'Ｊｅｆｆ Ｓｅｓｓｉｏｎｓ',
      'Jeff Sessions’ récusal',
      'He recused himself from the Russia investigation, naïvely.',
      'Attorney General Jeﬀ Sessions (ligature)',
    ];
    for (const text of texts) {
      const names = findCandidates(text, recognizer).filter((c) => c.kind === 'name' || c.kind === 'event');
      if (names.length) expect(mayHoldName(text, recognizer), text).toBe(true);
    }
    expect(texts.filter((t) => findCandidates(t, recognizer).some((c) => c.kind === 'name')).length).toBeGreaterThan(4);
  });
});

describe('candidates without a pre-check', () => {
  it('finds names whose letter runs are short and split by digits or dots (the name pre-check lets them through)', () => {
    const withOdd: RecognitionRules = structuredClone(rules);
    const empty = { surnames: [], weakNames: [], titles: [], followers: [], context: [], pageContext: [], pageCounterContext: [], namesakeTitles: [], blockBefore: [], blockAfter: [], blockAfterAtStart: [], hyphenPartners: [] };
    withOdd.persons.push({ ...empty, id: 'odd-digits', label: 'Odd', fullNames: ['Zq1a Xv5b'] }, { ...empty, id: 'odd-dots', label: 'Odd dots', fullNames: ['J.Q. Ab'] });
    const compiled = compileRecognizer(withOdd);
    for (const [text, alias] of [['They met Zq1a Xv5b today.', 'Zq1a Xv5b'], ['Then J.Q. Ab spoke.', 'J.Q. Ab']] as const) {
      const names = findCandidates(text, compiled).filter((c) => c.kind === 'name');
      expect(names.map((c) => text.slice(c.start, c.end)), text).toEqual([alias]);
      expect(mayHoldName(text, compiled), text).toBe(true);
      expect(new LazyRecognizer(withOdd).mayHoldName(text), text).toBe(true);
    }
  });
});

describe('LazyRecognizer', () => {
  it('compiles once, on first use', () => {
    const lazy = new LazyRecognizer(rules);
    expect(lazy.isCompiled).toBe(false);
    const compiled = lazy.recognizer;
    expect(lazy.isCompiled).toBe(true);
    expect(lazy.recognizer).toBe(compiled);
    expect(page(['Attorney General Jeff Sessions spoke.'], compiled)).toEqual([['jeff-sessions', 'Jeff Sessions']]);
  });
});
