import { describe, expect, it } from 'vitest';
import { FOLD_RISKY, foldAlias, foldText, originalSpan } from '@/core/normalize';

/** Original characters behind the first occurrence of `needle` in the folded text. */
function original(text: string, needle: string): string {
  const f = foldText(text);
  const i = f.folded.indexOf(needle);
  expect(i, `"${needle}" in "${f.folded}"`).toBeGreaterThanOrEqual(0);
  const { start, end } = originalSpan(f, i, i + needle.length);
  return text.slice(start, end);
}

describe('foldText', () => {
  it('folds case, ALL CAPS and whitespace runs (NBSP, newlines, Unicode spaces) to one space', () => {
    expect(foldText('JEFF\u00a0\u00a0SESSIONS\n\t Robert\u2003Mueller').folded).toBe('jeff sessions robert mueller');
  });

  it('drops soft hyphen, zero-width characters, word joiner and BOM but maps spans over them', () => {
    const text = 'Robert Muel\u00adler, Mu\u200beller, Ses\u200dsions, Ses\u200csions, Se\u2060ss\ufeffions';
    expect(foldText(text).folded).toBe('robert mueller, mueller, sessions, sessions, sessions');
    expect(original(text, 'robert mueller')).toBe('Robert Muel\u00adler');
    expect(original(text, ', mueller,')).toBe(', Mu\u200beller,');
    expect(original(text, 'sessions, sessions, sessions')).toBe('Ses\u200dsions, Ses\u200csions, Se\u2060ss\ufeffions');
  });

  it('folds curly, straight, modifier and left-quote apostrophes to one apostrophe', () => {
    expect(foldText('Sessions’ Sessions\' Sessionsʼ Sessions‘').folded).toBe("sessions' sessions' sessions' sessions'");
  });

  it('transliterates umlauts, composed or decomposed, so Müller, Mu\u0308ller and Mueller fold alike', () => {
    expect(foldText('Müller').folded).toBe('mueller');
    expect(foldText('MÜLLER').folded).toBe('mueller');
    expect(foldText('Mu\u0308ller').folded).toBe('mueller');
    expect(foldText('Mueller').folded).toBe('mueller');
    expect(foldText('Muller').folded).toBe('muller'); // not the same name without context
    expect(foldText('Beyoncé naïve Straße').folded).toBe('beyonce naive strasse');
  });

  it('maps a folded span with a decomposed umlaut back to exactly the page characters', () => {
    const text = 'as Robert Mu\u0308ller, which';
    expect(original(text, 'robert mueller')).toBe('Robert Mu\u0308ller');
    const composed = 'Herr Müller.';
    expect(original(composed, 'mueller')).toBe('Müller');
  });

  it('keeps surrogate pairs as one unit of the map', () => {
    const text = '𝐀 Jeff Sessions';
    expect(original(text, 'jeff sessions')).toBe('Jeff Sessions');
  });

  it('folds pack aliases the same way, trimmed', () => {
    expect(foldAlias('  Robert S. Mueller, III ')).toBe('robert s. mueller, iii');
  });

  it('folds plain ASCII aliases (its shortcut) exactly as page text is folded', () => {
    // Every printable ASCII character, the backtick, tabs and runs of spaces, in random strings.
    const alphabet = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)), '\t', '  ', 'A`b', ' \n '];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let k = 0; k < 3000; k++) {
      let s = '';
      for (let n = random(24); n > 0; n--) s += alphabet[random(alphabet.length)];
      expect(foldAlias(s), JSON.stringify(s)).toBe(foldText(s).folded.trim());
    }
  });

  it('rejects empty or out-of-range spans', () => {
    expect(() => originalSpan(foldText('abc'), 2, 2)).toThrow(RangeError);
    expect(() => originalSpan(foldText('abc'), 0, 9)).toThrow(RangeError);
  });
});

describe('FOLD_RISKY (the pre-check before folding)', () => {
  it('holds every non-ASCII BMP character whose folding can add a letter or digit, or that folding drops or merges', () => {
    const missed: string[] = [];
    for (let cp = 0x80; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      // what the character turns into between two ASCII letters
      const middle = foldText(`x${ch}y`).folded.slice(1, -1);
      const needsRisky = /[a-z0-9]/.test(middle) || middle === '';
      if (needsRisky && !FOLD_RISKY.test(ch)) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
  });

  it('leaves out the punctuation news text is full of, so such text gets the fast path', () => {
    expect(FOLD_RISKY.test('“Sessions’ recusal” — in 2017… ')).toBe(false);
    expect(FOLD_RISKY.test('Mu\u0308ller')).toBe(true);
    expect(FOLD_RISKY.test('Ses\u00adsions')).toBe(true);
    expect(FOLD_RISKY.test('Ｍｕｅｌｌｅｒ')).toBe(true);
  });
});
