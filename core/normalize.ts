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

/**
 * Non-ASCII characters whose folding may put a letter or digit into the folded text, or that
 * folding drops or merges (invisible characters, combining marks), or surrogates: letters,
 * marks, numbers, symbols (™ → "tm"), format characters, private use. Curly quotes, dashes,
 * spaces and other punctuation fold to no letter and are not in it. A text without any of these
 * folds letter for letter like ASCII, so its folded words appear in it case-insensitively: the
 * name pre-check ({@link foldedMayHold}) relies on that. `tests/unit/core/normalize`
 * checks the claim for every BMP code point.
 */
export const FOLD_RISKY = /[[\p{L}\p{M}\p{N}\p{S}\p{Cf}\p{Co}\p{Cs}\u034f\u180e]--[\x00-\x7f]]/v;

/**
 * A native pre-check before folding: false only when no folded word that starts with one of
 * the prefixes (non-empty ASCII letter strings compiled into `prefixRegExp`: the leading
 * letters of the patterns looked for) can occur in `text`'s folding. A text with a character
 * from {@link FOLD_RISKY} (any accented letter: "Beyoncé") that lacks every prefix as written is
 * folded and the folded string tested: only such texts cost a fold. Uses the fold's shared
 * scratch arrays: not to be called between a fold and the use of its units.
 */
export function foldedMayHold(text: string, prefixRegExp: RegExp): boolean {
  if (prefixRegExp.test(text)) return true;
  if (!FOLD_RISKY.test(text)) return false;
  return prefixRegExp.test(foldedString(foldUnits(text)));
}

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
  const f = foldUnits(text);
  return { folded: foldedString(f), starts: f.starts.slice(0, f.length), ends: f.ends.slice(0, f.length) };
}

/**
 * @internal {@link foldText} without building the string: the folded UTF-16 code units and the
 * maps in typed arrays, of which the first `length` entries count. For the matcher, which scans
 * the units and needs the string only when something matched.
 * The arrays are shared scratch space, overwritten by the next call of `foldUnits` or
 * `foldText`: use them before folding anything else.
 */
export interface FoldedUnits {
  units: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
  /** A surrogate code unit was written (only foldings of non-BMP or lone surrogates do that). */
  surrogates: boolean;
}

/** Largest scratch kept between calls (code units): bigger texts get arrays of their own. */
const SCRATCH_MAX = 1 << 16;
let scratchUnits: Uint16Array = new Uint16Array(1024);
let scratchStarts: Int32Array = new Int32Array(1024);
let scratchEnds: Int32Array = new Int32Array(1024);

/** @internal See {@link FoldedUnits}. Linear in `text.length`; never throws. */
export function foldUnits(text: string): FoldedUnits {
  const n = text.length;
  // Folded code units and their maps go into typed arrays: no per-character string
  // concatenation (on a 2 MB text node that built millions of cons-strings and spent most of
  // its time in the garbage collector), and no new arrays per block of ordinary size.
  // Invariant: room for one output unit per input unit still to read (`cap - len >= n - i`), so
  // only a multi-unit folding (the rare path: ü → ue, ß → ss, ligatures) checks the capacity.
  let cap = n + 16;
  let out: Uint16Array;
  let starts: Int32Array;
  let ends: Int32Array;
  if (cap <= SCRATCH_MAX) {
    if (scratchUnits.length < cap) {
      const size = Math.min(SCRATCH_MAX, Math.max(cap, scratchUnits.length * 2));
      scratchUnits = new Uint16Array(size);
      scratchStarts = new Int32Array(size);
      scratchEnds = new Int32Array(size);
    }
    out = scratchUnits;
    starts = scratchStarts;
    ends = scratchEnds;
    cap = out.length;
  } else {
    out = new Uint16Array(cap);
    starts = new Int32Array(cap);
    ends = new Int32Array(cap);
  }
  let len = 0;
  let lastWasSpace = false;
  /** Last folded code unit of a letter, to attach a following combining diaeresis (-1: none). */
  let lastBase = -1;
  let surrogates = false;

  for (let i = 0; i < n; ) {
    let code = text.charCodeAt(i);
    // ASCII (most page text): a whole run in one tight loop. Spaces and \t \n \v \f \r collapse
    // to one space, A–Z are lower-cased, a backtick folds to an apostrophe.
    if (code < 0x80) {
      do {
        if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
          if (lastWasSpace) ends[len - 1] = i + 1;
          else {
            out[len] = 0x20;
            starts[len] = i;
            ends[len] = i + 1;
            len++;
            lastWasSpace = true;
          }
        } else {
          out[len] = code >= 0x41 && code <= 0x5a ? code + 32 : code === 0x60 ? 0x27 : code;
          starts[len] = i;
          ends[len] = i + 1;
          len++;
          lastWasSpace = false;
        }
        if (++i >= n) break;
        code = text.charCodeAt(i);
      } while (code < 0x80);
      lastBase = lastWasSpace ? -1 : out[len - 1]!;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (IGNORABLE.has(cp)) {
      // Dropped, but a name that spans it still covers it (the next char's start is later).
    } else if (isSpace(cp)) {
      if (lastWasSpace) ends[len - 1] = i + width;
      else {
        out[len] = 0x20;
        starts[len] = i;
        ends[len] = i + width;
        len++;
      }
      lastWasSpace = true;
      lastBase = -1;
    } else if (cp === COMBINING_DIAERESIS && (lastBase === 0x61 || lastBase === 0x6f || lastBase === 0x75)) {
      out[len] = 0x65; // a/o/u + U+0308 → ae/oe/ue
      starts[len] = i;
      ends[len] = i + width;
      len++;
      lastBase = 0x65;
      lastWasSpace = false;
    } else if (cp >= 0x0300 && cp <= 0x036f) {
      // Other combining marks: stripped, but the preceding letter's span grows over them.
      if (len > 0 && !lastWasSpace) ends[len - 1] = i + width;
    } else {
      const f = foldCodePoint(cp);
      if (f.length > 0) {
        const need = len + f.length + (n - i - width);
        if (need > cap) {
          cap = Math.max(cap * 2, need + 16);
          const no = new Uint16Array(cap);
          no.set(out);
          out = no;
          const ns = new Int32Array(cap);
          ns.set(starts);
          starts = ns;
          const ne = new Int32Array(cap);
          ne.set(ends);
          ends = ne;
        }
        for (let k = 0; k < f.length; k++) {
          const unit = f.charCodeAt(k);
          if (unit >= 0xd800 && unit <= 0xdfff) surrogates = true;
          out[len] = unit;
          starts[len] = i;
          ends[len] = i + width;
          len++;
        }
        lastWasSpace = false;
        lastBase = f.charCodeAt(f.length - 1);
      } else if (len > 0 && !lastWasSpace) {
        ends[len - 1] = i + width; // a mark of another block: stick it to the letter
      }
    }
    i += width;
  }
  if (out.length <= SCRATCH_MAX && out !== scratchUnits) {
    scratchUnits = out;
    scratchStarts = starts;
    scratchEnds = ends;
  }
  return { units: out, starts, ends, length: len, surrogates };
}

/** @internal The folded string of {@link foldUnits}' result. */
export function foldedString(f: FoldedUnits): string {
  return decodeUnits(f.units, f.length, f.surrogates);
}

/** A UTF-16LE decoder when this machine stores a Uint16Array little-endian (every browser's does). */
const utf16le =
  typeof TextDecoder === 'function' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? new TextDecoder('utf-16le', { ignoreBOM: true }) : null;

/**
 * The string of the first `len` UTF-16 code units of `units`. TextDecoder is the fast way, but it
 * replaces lone surrogates with U+FFFD, so text with surrogates goes code unit by code unit.
 */
function decodeUnits(units: Uint16Array, len: number, surrogates: boolean): string {
  const CHUNK = 8192; // well under engines' argument-count limits
  // Short texts (most blocks): fromCharCode beats TextDecoder's per-call cost.
  if (len <= 1024) return String.fromCharCode.apply(null, units.subarray(0, len) as unknown as number[]);
  if (utf16le && !surrogates) return utf16le.decode(units.subarray(0, len));
  if (len <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, len) as unknown as number[]);
  const parts: string[] = [];
  for (let k = 0; k < len; k += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(len, k + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
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

/** Printable ASCII without the backtick (which folds to an apostrophe). */
const PLAIN_ASCII = /^[\x20-\x5f\x61-\x7e]*$/;

/**
 * Folds a short string (an alias or cue from the pack) the same way as page text.
 * @param s The pack string, e.g. "Robert S. Mueller, III".
 * @returns Its folded form, trimmed, e.g. "robert s. mueller, iii".
 */
export function foldAlias(s: string): string {
  // Printable ASCII but the backtick folds to its lower case with space runs collapsed (see
  // foldUnits' ASCII path): no offset maps to build. Most pack strings take this way.
  if (PLAIN_ASCII.test(s)) return s.toLowerCase().replace(/ {2,}/g, ' ').trim();
  return foldText(s).folded.trim();
}
