/**
 * Text folding for matching, with an offset map back to the page's characters.
 *
 * Pure TypeScript (no DOM). The folded text is what aliases are compiled against; every
 * folded character remembers which original UTF-16 code units produced it, so a match in
 * folded text maps back to the exact page characters (invisible ones inside included).
 */

/**
 * Result of {@link foldText}.
 * - `folded`: the folded string (lower case, one space per whitespace run, no invisible
 *   characters, apostrophes as `'`, hyphens as `-`, diacritics stripped, German umlauts
 *   transliterated: `ü` → `ue`).
 * - `starts[i]` / `ends[i]`: UTF-16 offsets in the original text of the first code unit and
 *   one past the last code unit that produced `folded[i]` (`ends` is exclusive).
 *   A whitespace run folded to one space spans the whole run.
 */
export interface FoldedText {
  folded: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** Characters a reader never sees as letters: dropped from the folded text. */
const IGNORABLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x034f, 0x180e]);
/** Apostrophe look-alikes folded to `'` (right/left single quote, modifier letter, prime…). */
const APOSTROPHES = new Set([0x0027, 0x2019, 0x2018, 0x02bc, 0x02bb, 0x2032, 0xff07, 0x201b, 0x0060, 0x00b4]);
/** Hyphen and dash look-alikes folded to `-`. */
const HYPHENS = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xfe63, 0xff0d]);
const COMBINING_DIAERESIS = 0x0308;

/** Per-code-point fold cache for non-ASCII characters (the page mostly repeats a few). */
const foldCache = new Map<number, string>();

function isSpace(cp: number): boolean {
  return (
    cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0xa0 || cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f ||
    cp === 0x205f || cp === 0x3000 || cp === 0x85
  );
}

/**
 * Folds one non-ASCII, non-space, non-ignorable code point. A combining mark folds to ''
 * (the caller handles a combining diaeresis after a/o/u). Umlauted a/o/u become "ae"/"oe"/"ue".
 */
function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  if (APOSTROPHES.has(cp)) out = "'";
  else if (HYPHENS.has(cp)) out = '-';
  else {
    const decomposed = String.fromCodePoint(cp).normalize('NFKD');
    out = '';
    for (const ch of decomposed) {
      const c = ch.codePointAt(0)!;
      if (c === COMBINING_DIAERESIS && /[aou]$/i.test(out)) out += 'e';
      else if (!/\p{M}/u.test(ch)) out += ch;
    }
    out = out.toLowerCase();
    if (out === 'ß') out = 'ss';
  }
  foldCache.set(cp, out);
  return out;
}

/**
 * Folds `text` for matching and keeps an offset map back to it.
 * Case (including ALL CAPS), whitespace (NBSP and every Unicode space or line break, runs
 * collapsed to one space), invisible characters (U+00AD, U+200B–U+200D, U+2060, U+FEFF),
 * apostrophes (’ ‘ ʼ ' → '), dashes (‐ ‑ – — − → -) and diacritics (NFKD, marks stripped)
 * are folded; ä/ö/ü, composed or as a base letter plus U+0308, become ae/oe/ue so
 * "Müller", "Mu\u0308ller" and "Mueller" all fold to "mueller" ("Muller" stays "muller").
 * @param text Any string (one block of page text); offsets are UTF-16 code units.
 * @returns The folded text and its maps; linear in `text.length`. Never throws.
 */
export function foldText(text: string): FoldedText {
  const n = text.length;
  // A folded string is at most 2× the original for our foldings (ü → ue, ß → ss, ligatures up to 3).
  let cap = n + 16;
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  const parts: string[] = [];
  let chunk = '';
  let len = 0;
  let lastWasSpace = false;
  let lastBase = ''; // last folded letter, to attach a following combining diaeresis

  const push = (s: string, from: number, to: number): void => {
    for (let k = 0; k < s.length; k++) {
      if (len >= cap) {
        cap *= 2;
        const ns = new Int32Array(cap);
        ns.set(starts);
        starts = ns;
        const ne = new Int32Array(cap);
        ne.set(ends);
        ends = ne;
      }
      starts[len] = from;
      ends[len] = to;
      len++;
    }
    chunk += s;
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  };

  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    // ASCII fast path.
    if (code < 0x80) {
      if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
        if (lastWasSpace) ends[len - 1] = i + 1;
        else push(' ', i, i + 1);
        lastWasSpace = true;
        lastBase = '';
      } else {
        const ch = code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : text[i]!;
        push(code === 0x60 ? "'" : ch, i, i + 1);
        lastWasSpace = false;
        lastBase = ch;
      }
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (IGNORABLE.has(cp)) {
      // Dropped, but a name that spans it still covers it (the next char's start is later).
    } else if (isSpace(cp)) {
      if (lastWasSpace) ends[len - 1] = i + width;
      else push(' ', i, i + width);
      lastWasSpace = true;
      lastBase = '';
    } else if (cp === COMBINING_DIAERESIS && /^[aou]$/.test(lastBase)) {
      push('e', i, i + width);
      lastBase = 'e';
      lastWasSpace = false;
    } else if (cp >= 0x0300 && cp <= 0x036f) {
      // Other combining marks: stripped, but the preceding letter's span grows over them.
      if (len > 0 && !lastWasSpace) ends[len - 1] = i + width;
    } else {
      const f = foldCodePoint(cp);
      if (f.length > 0) {
        push(f, i, i + width);
        lastWasSpace = false;
        lastBase = f[f.length - 1]!;
      } else if (len > 0 && !lastWasSpace) {
        ends[len - 1] = i + width; // a mark of another block: stick it to the letter
      }
    }
    i += width;
  }
  parts.push(chunk);
  return { folded: parts.join(''), starts: starts.subarray(0, len), ends: ends.subarray(0, len) };
}

/**
 * Maps a folded span back to the original text.
 * @param f Result of {@link foldText}.
 * @param start Folded start offset (inclusive).
 * @param end Folded end offset (exclusive), `> start`.
 * @returns Original UTF-16 `{ start, end }` (end exclusive) covering every code unit that
 *   produced the folded span, including ignorable characters between them.
 * @throws RangeError when the span is empty or outside the folded text.
 */
export function originalSpan(f: FoldedText, start: number, end: number): { start: number; end: number } {
  if (!(start >= 0 && end > start && end <= f.folded.length)) {
    throw new RangeError(`originalSpan: bad folded span [${start}, ${end}) of ${f.folded.length}`);
  }
  return { start: f.starts[start]!, end: f.ends[end - 1]! };
}

/**
 * Folds a short string (an alias or cue from the pack) the same way as page text.
 * @param s The pack string, e.g. "Robert S. Mueller, III".
 * @returns Its folded form, trimmed, e.g. "robert s. mueller, iii".
 */
export function foldAlias(s: string): string {
  return foldText(s).folded.trim();
}
