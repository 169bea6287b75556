// @vitest-environment happy-dom
/**
 * The shared bug-report cases (../shared/cases, see its README) that concern the matcher and
 * the scanner, run in happy-dom: expected mentions in document order (entity + normalised
 * text, possessive endings optional), and no annotation overlapping a mustNotFind string.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotate, normalise, normalisedBlock, parse } from './annotate';

// Repository root is the working directory of vitest; the cases sit beside the repository.
const casesDir = resolve(process.cwd(), '../shared/cases') + '/';

interface Expect {
  mentions: Array<{ entity: string; text: string }>;
  mustNotFind: string[];
  mayFind?: string[];
}

/** Possessive endings may be inside the annotation or not (cases README). */
const dropPossessive = (s: string): string => s.replace(/(?:['’‘]s?)$/u, '');

describe.each(['split-inline-elements', 'invisible-characters', 'apostrophes-possessives', 'case-diacritics-lookalikes'])('case %s', (name) => {
  const html = readFileSync(`${casesDir}${name}.html`, 'utf8');
  const expected = JSON.parse(readFileSync(`${casesDir}${name}.expect.json`, 'utf8')) as Expect;
  const doc = parse(html);
  const found = annotate(doc.body, doc);

  it('finds exactly the expected mentions, in document order', () => {
    const got = found.map((a) => ({ entity: a.entity, text: dropPossessive(normalise(a.text)) }));
    const want = expected.mentions.map((m) => ({ entity: m.entity, text: dropPossessive(normalise(m.text)) }));
    expect(got).toEqual(want);
  });

  it('annotates nothing that overlaps a mustNotFind string', () => {
    for (const a of found) {
      const { norm, map } = normalisedBlock(a.block.text);
      for (const bad of expected.mustNotFind) {
        for (let i = norm.indexOf(bad); i >= 0; i = norm.indexOf(bad, i + 1)) {
          const start = map[i]!;
          const end = map[i + bad.length - 1]! + 1;
          const overlaps = a.mention.start < end && a.mention.end > start;
          expect(overlaps, `${a.entity} "${a.text}" overlaps "${bad}"`).toBe(false);
        }
      }
    }
  });

  it('gives every mention a one-line reason', () => {
    for (const a of found) expect(a.why).toMatch(/^‘.+’ — \S/);
  });
});
