/**
 * The matcher: finds mentions of the pack's entities in blocks of page text.
 *
 * Two passes, so the expensive one can be cached per block:
 * 1. {@link findCandidates} (per block): one Aho–Corasick pass over the folded block text
 *    finds every alias, event word and cue word; each name gets its local evidence (title
 *    before it, follower after it, context words nearby, blockers).
 * 2. {@link resolveMentions} (per page): decides each candidate with page-wide evidence
 *    (the full name or a strong context somewhere on the page) and links recusal words to
 *    their nearest actor.
 * All rules come from `data/pack/recognition.json` (see `recognition.ts`); nothing here names
 * a person. Pure TypeScript: no DOM, no browser API.
 */
import { foldAlias, foldedMayHold, foldedString, foldUnits, type FoldedText } from './normalize';
import type { EventRules, PersonRules, RecognitionRules } from './recognition';
import type { EntityId, Mention } from './types';

// ---------------------------------------------------------------------------------------------
// Aho–Corasick automaton over folded text
// ---------------------------------------------------------------------------------------------

/** What a pattern found in the text means. One folded string can carry several roles. */
type Role =
  | { kind: 'full' | 'surname' | 'weak'; person: number; alias: string }
  | { kind: 'form'; event: number; alias: string }
  | { kind: 'context'; person: number; label: string }
  | { kind: 'pageContext' | 'pageCounterContext'; person: number; label: string; /** `person|kind|label`: one cue per key per block. */ key: string }
  | { kind: 'selfAgent' | 'otherAgent'; event: number; label: string };

interface Automaton {
  /**
   * Character class of each UTF-16 code unit: 1..K-1 for the code units the patterns use, 0
   * for every other (from any node, a class-0 unit leads back to the root).
   */
  classOf: Uint16Array;
  /** Number of classes, class 0 included: the row width of `delta`. */
  classes: number;
  /**
   * Dense transitions (goto and failure already resolved) of the first `denseNodes` nodes:
   * node k reading class j goes to `delta[k * classes + j]`. Nodes are numbered breadth-first,
   * so the dense ones are the shallow ones, where a scan of page text spends nearly all its
   * steps; one load per character instead of an edge search and failure links.
   */
  delta: Int32Array;
  denseNodes: number;
  /**
   * Transitions of the other (deeper) nodes, packed: node k's edges are `edgeChar[j]` →
   * `edgeTarget[j]` for j in [edgeStart[k], edgeStart[k + 1]). A node has few edges, so a
   * linear look beats a Map. Dense nodes have their edges here too (unused by the scan).
   */
  edgeStart: Int32Array;
  edgeChar: Uint16Array;
  edgeTarget: Int32Array;
  fail: Int32Array;
  /** Nearest node on the fail chain (self included) that ends a pattern, or -1. */
  dict: Int32Array;
  /** Pattern id ending exactly at a node, or -1. */
  patternAt: Int32Array;
  /** Pattern lengths (folded code units). */
  lengths: Int32Array;
  /** Per pattern: 1 when its first / last code unit is a word character (needs a boundary there). */
  wordStart: Uint8Array;
  wordEnd: Uint8Array;
}

/**
 * Most entries of the dense table (4 bytes each, so at most 256 KB): the pack's ~930 nodes ×
 * ~30 classes are all dense; with 10,000 extra aliases (~93,000 nodes × 40 classes) the
 * shallowest ~1,600 nodes are. A 4 MB table for those made the 10,000-alias scan slower than
 * the sparse one (cache misses): 67 vs 62 ms per page in `npm run bench:match`.
 */
const DENSE_ENTRIES = 1 << 16;

function buildAutomaton(patterns: string[]): Automaton {
  // The trie: node k's edges in `next[k]` (insertion order), the root is node 0.
  const next: Array<Map<number, number> | undefined> = [undefined];
  const patternAtList: number[] = [-1];
  for (let p = 0; p < patterns.length; p++) {
    const s = patterns[p]!;
    let node = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let child = next[node]?.get(c);
      if (child === undefined) {
        child = next.length;
        next.push(undefined);
        patternAtList.push(-1);
        (next[node] ??= new Map()).set(c, child);
      }
      node = child;
    }
    patternAtList[node] = p;
  }
  const count = next.length;
  const fail = new Int32Array(count);
  const dict = new Int32Array(count).fill(-1);
  const patternAt = Int32Array.from(patternAtList);
  // Breadth-first: fail links and dictionary links.
  const queue: number[] = [];
  for (const child of next[0]?.values() ?? []) {
    fail[child] = 0;
    dict[child] = patternAt[child]! >= 0 ? child : -1;
    queue.push(child);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi]!;
    const edges = next[node];
    if (!edges) continue;
    for (const [c, child] of edges) {
      let f = fail[node]!;
      let target = -1;
      for (;;) {
        const t = next[f]?.get(c) ?? -1;
        if (t >= 0) {
          target = t;
          break;
        }
        if (f === 0) break;
        f = fail[f]!;
      }
      fail[child] = target >= 0 ? target : 0;
      dict[child] = patternAt[child]! >= 0 ? child : dict[fail[child]!]!;
      queue.push(child);
    }
  }
  // Number the nodes breadth-first (root 0): shallow nodes get the small ids, and a node's
  // failure target (shallower) always has a smaller id than the node.
  const order = [0, ...queue];
  const newId = new Int32Array(count);
  order.forEach((old, k) => (newId[old] = k));
  const fail2 = new Int32Array(count);
  const dict2 = new Int32Array(count);
  const patternAt2 = new Int32Array(count);
  const edgeStart = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) {
    const old = order[k]!;
    fail2[k] = newId[fail[old]!]!;
    dict2[k] = dict[old]! >= 0 ? newId[dict[old]!]! : -1;
    patternAt2[k] = patternAt[old]!;
    edgeStart[k + 1] = edgeStart[k]! + (next[old]?.size ?? 0);
  }
  const edgeChar = new Uint16Array(edgeStart[count]!);
  const edgeTarget = new Int32Array(edgeStart[count]!);
  for (let k = 0; k < count; k++) {
    const old = order[k]!;
    let j = edgeStart[k]!;
    for (const [c, child] of next[old] ?? []) {
      edgeChar[j] = c;
      edgeTarget[j] = newId[child]!;
      j++;
    }
  }
  // Character classes: one per code unit the patterns use.
  const classOf = new Uint16Array(65536);
  const classChar: number[] = [-1];
  for (const p of patterns) {
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (classOf[c] === 0) {
        classOf[c] = classChar.length;
        classChar.push(c);
      }
    }
  }
  const classes = classChar.length;
  const denseNodes = Math.max(1, Math.min(count, Math.floor(DENSE_ENTRIES / classes)));
  const delta = new Int32Array(denseNodes * classes); // class 0 (and no edge from the root): 0
  for (let k = 0; k < denseNodes; k++) {
    const row = k * classes;
    const failRow = fail2[k]! * classes;
    for (let e = edgeStart[k]!, end = edgeStart[k + 1]!; e < end; e++) delta[row + classOf[edgeChar[e]!]!] = edgeTarget[e]! + 1;
    for (let j = 1; j < classes; j++) {
      const t = delta[row + j]!;
      // edges were stored +1 so 0 means "none": resolve through the failure node's row
      delta[row + j] = t > 0 ? t - 1 : k === 0 ? 0 : delta[failRow + j]!;
    }
  }
  const edge = (p: string, i: number) => (isWordUnit(p.charCodeAt(i)) ? 1 : 0);
  return {
    classOf,
    classes,
    delta,
    denseNodes,
    edgeStart,
    edgeChar,
    edgeTarget,
    fail: fail2,
    dict: dict2,
    patternAt: patternAt2,
    lengths: Int32Array.from(patterns, (p) => p.length),
    wordStart: Uint8Array.from(patterns, (p) => edge(p, 0)),
    wordEnd: Uint8Array.from(patterns, (p) => edge(p, p.length - 1)),
  };
}

/** Word-ness of non-ASCII code units, decided once each: 0 unknown, 1 word, 2 not. */
const wordUnitCache = new Uint8Array(65536);

/** Is one UTF-16 code unit a letter, digit or `_`? (A lone surrogate is not.) */
function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (c >= 0x41 && c <= 0x5a);
  let known = wordUnitCache[c]!;
  if (known === 0) {
    known = /[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 2;
    wordUnitCache[c] = known;
  }
  return known === 1;
}

/**
 * Every occurrence of every pattern in the first `n` folded code units of `text` whose word
 * edges sit on word boundaries.
 */
function scan(a: Automaton, text: Uint16Array, n: number, onHit: (pattern: number, end: number) => void): void {
  const { classOf, classes, delta, denseNodes, edgeStart, edgeChar, edgeTarget, fail, dict, patternAt, lengths, wordStart, wordEnd } = a;
  let node = 0;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (node < denseNodes) node = delta[node * classes + classOf[c]!]!;
    else {
      // a deep node: its own edges, else down the failure chain to a dense node
      for (;;) {
        let t = -1;
        for (let j = edgeStart[node]!, e = edgeStart[node + 1]!; j < e; j++) {
          if (edgeChar[j] === c) {
            t = edgeTarget[j]!;
            break;
          }
        }
        if (t >= 0) {
          node = t;
          break;
        }
        node = fail[node]!;
        if (node < denseNodes) {
          node = delta[node * classes + classOf[c]!]!;
          break;
        }
      }
    }
    let d = dict[node]!;
    while (d >= 0) {
      const p = patternAt[d]!;
      const start = i + 1 - lengths[p]!;
      const startOk = wordStart[p] === 0 || start === 0 || !isWordUnit(text[start - 1]!);
      const endOk = wordEnd[p] === 0 || i + 1 >= n || !isWordUnit(text[i + 1]!);
      if (startOk && endOk) onHit(p, i + 1);
      d = dict[fail[d]!]!;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compiled recognizer
// ---------------------------------------------------------------------------------------------

interface CompiledPerson {
  rules: PersonRules;
  titles: Set<string>;
  followers: Set<string>;
  blockBefore: Set<string>;
  namesakeTitles: Set<string>;
  blockAfter: Set<string>;
  blockAfterAtStart: Set<string>;
  hyphenPartners: Set<string>;
  /** First names that appear in this person's own full names ("jeff", "robert", "bob"). */
  ownFirstNames: Set<string>;
}

interface CompiledEvent {
  rules: EventRules;
  agent: number;
  reflexives: Set<string>;
  blockingReflexives: Set<string>;
  possessiveForms: Set<string>;
  /** Forms that need a topic word nearby unless joined to the agent's name (folded). */
  topicForms: Set<string>;
  /** Whole-word, case-insensitive test for the event's topic words; null when it has none. */
  topic: RegExp | null;
}

/** Whole-word, case-insensitive alternation of `words` (regex-escaped); null for an empty list. */
function wordsRegExp(words: readonly string[]): RegExp | null {
  if (!words.length) return null;
  const alternatives = words.map((w) => w.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/**
 * Rules compiled once by {@link compileRecognizer}: one automaton for all aliases and cue
 * words, plus hash sets for the words checked at fixed positions. Opaque to callers.
 */
export interface Recognizer {
  readonly rules: RecognitionRules;
  /** @internal */ readonly patterns: string[];
  /** @internal */ readonly roles: Role[][];
  /** @internal Per pattern, what its roles need of {@link findCandidates} (see {@link PatternFlag}). */
  readonly patternFlags: Uint8Array;
  /** @internal */ readonly automaton: Automaton;
  /** @internal */ readonly persons: CompiledPerson[];
  /** @internal */ readonly events: CompiledEvent[];
  /** @internal */ readonly otherFirstNames: Set<string>;
  /** @internal Longest phrase, in words, of the positional sets (bounds the look-around). */
  readonly maxPhraseWords: number;
  /** @internal Longest automaton pattern, in folded code units. */
  readonly maxPatternLength: number;
  /**
   * @internal Case-insensitive alternation of one letter run per name or event-word pattern
   * (see prefixRegExp): a text without any (and without characters that fold into letters)
   * holds no name or event word (see {@link mayHoldName}). Null when such a pattern has no
   * ASCII letter (then every text may hold one).
   */
  readonly namePrefixes: RegExp | null;
}

/**
 * Cheap native pre-check: can `text` hold a name or an event word of the recognizer? False
 * means {@link findCandidates} would find no name or event candidate in it (it may still find
 * cue or agent words, which matter only on a page that names someone). Linear: a native test,
 * and a fold only for a text with accented (or other fold-risky) characters that lacks every
 * name's leading letters as written.
 */
export function mayHoldName(text: string, recognizer: Recognizer): boolean {
  return !recognizer.namePrefixes || foldedMayHold(text, recognizer.namePrefixes);
}

/** True when the candidates hold a name or an event word (not only cues and agents). */
export function holdsName(candidates: readonly Candidate[]): boolean {
  return candidates.some((c) => c.kind === 'name' || c.kind === 'event');
}

/**
 * The pre-check regex of {@link Recognizer.namePrefixes}: per pattern, the first letters (up to
 * 5) of its longest run of ASCII letters ("the attorney general" → "attor"), or for an
 * initialism its first two runs and up to 8 non-letters between ("f.b.i." → `f[^a-z]{1,8}b`). A
 * pattern present in a text without fold-risky characters has every letter run present too.
 * Null when a pattern has no ASCII letter.
 */
function prefixRegExp(patterns: readonly string[]): RegExp | null {
  const set = new Set<string>();
  for (const p of patterns) {
    const runs = p.match(/[a-z]+/g);
    if (!runs) return null;
    const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
    // Initialisms ("f.b.i.", "h.r."): two letter runs with what separates them in between.
    if (longest.length < 3 && runs.length > 1) set.add(`${runs[0]}[^a-z]{1,8}${runs[1]}`);
    else set.add(longest.slice(0, 5));
  }
  // test() needs any match: drop pieces a shorter kept one already covers ("sess" covers "sessi").
  const list = [...set].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of list) if (p.includes('[') || !kept.some((k) => !k.includes('[') && p.includes(k))) kept.push(p);
  return kept.length ? new RegExp(kept.join('|'), 'i') : null;
}

/** Folded-text phrase set; also counts words so look-around knows how far to go. */
function phraseSet(list: readonly string[], counter: { max: number }): Set<string> {
  const set = new Set<string>();
  for (const s of list) {
    const f = foldAlias(s);
    if (!f) continue;
    set.add(f);
    counter.max = Math.max(counter.max, f.split(' ').length);
  }
  return set;
}

/**
 * Compiles VALIDATED recognition rules into a recognizer (no schema check here, so this module
 * does not pull the schema library into the content script). Raw JSON goes through
 * `compileRecognizer` in `core/compile.ts`; the content script gets rules validated at build
 * time. Call once per rules object; matching cost then depends on the text length, not on the
 * number of aliases.
 * @param rules Output of `parseRecognitionRules` (optional fields defaulted).
 * @throws Error when an event names an unknown agent entity.
 */
export function compileValidRules(rules: RecognitionRules): Recognizer {
  const patterns: string[] = [];
  const roles: Role[][] = [];
  const index = new Map<string, number>();
  const add = (text: string, role: Role): void => {
    const f = foldAlias(text);
    if (!f) return;
    let id = index.get(f);
    if (id === undefined) {
      id = patterns.length;
      index.set(f, id);
      patterns.push(f);
      roles.push([]);
    }
    roles[id]!.push(role);
  };
  const counter = { max: 1 };
  const persons: CompiledPerson[] = rules.persons.map((p, pi) => {
    for (const alias of p.fullNames) add(alias, { kind: 'full', person: pi, alias });
    for (const alias of p.surnames) add(alias, { kind: 'surname', person: pi, alias });
    for (const alias of p.weakNames) add(alias, { kind: 'weak', person: pi, alias });
    for (const label of p.context) add(label, { kind: 'context', person: pi, label });
    for (const label of p.pageContext) add(label, { kind: 'pageContext', person: pi, label, key: `${pi}|pageContext|${label}` });
    for (const label of p.pageCounterContext) add(label, { kind: 'pageCounterContext', person: pi, label, key: `${pi}|pageCounterContext|${label}` });
    const surnames = new Set(p.surnames.map(foldAlias));
    const ownFirstNames = new Set<string>();
    for (const n of [...p.fullNames, ...p.weakNames]) {
      const words = foldAlias(n).split(' ');
      if (words.length > 1 && !surnames.has(words[0]!)) ownFirstNames.add(words[0]!);
    }
    return {
      rules: p,
      titles: phraseSet(p.titles, counter),
      followers: phraseSet(p.followers, counter),
      blockBefore: phraseSet(p.blockBefore, counter),
      namesakeTitles: phraseSet(p.namesakeTitles, counter),
      blockAfter: phraseSet(p.blockAfter, counter),
      blockAfterAtStart: phraseSet(p.blockAfterAtStart, counter),
      hyphenPartners: phraseSet(p.hyphenPartners, counter),
      ownFirstNames,
    };
  });
  const events: CompiledEvent[] = rules.events.map((e, ei) => {
    const agent = rules.persons.findIndex((p) => p.id === e.agent);
    if (agent < 0) throw new Error(`recognition rules: events.${ei}.agent: unknown person "${e.agent}"`);
    for (const alias of e.forms) add(alias, { kind: 'form', event: ei, alias });
    for (const label of e.selfAgents) add(label, { kind: 'selfAgent', event: ei, label });
    for (const label of e.otherAgents) add(label, { kind: 'otherAgent', event: ei, label });
    return {
      rules: e,
      agent,
      reflexives: phraseSet(e.reflexives, counter),
      blockingReflexives: phraseSet(e.blockingReflexives, counter),
      possessiveForms: phraseSet(e.possessiveForms, counter),
      topicForms: new Set(e.topicForms.map(foldAlias)),
      topic: wordsRegExp(e.topicWords),
    };
  });
  return {
    rules,
    patterns,
    roles,
    patternFlags: patternFlagsOf(roles),
    automaton: buildAutomaton(patterns),
    persons,
    events,
    otherFirstNames: phraseSet(rules.otherFirstNames, counter),
    maxPhraseWords: counter.max,
    maxPatternLength: patterns.reduce((m, p) => Math.max(m, p.length), 0),
    namePrefixes: prefixRegExp(namePatterns(rules)),
  };
}

/** Folded names and event forms of the rules: the patterns {@link mayHoldName} looks for. */
function namePatterns(rules: RecognitionRules): string[] {
  const names = rules.persons.flatMap((p) => [...p.fullNames, ...p.surnames, ...p.weakNames]);
  return [...new Set([...names, ...rules.events.flatMap((e) => e.forms)].map(foldAlias).filter((f) => f))];
}

/**
 * A recognizer compiled on first use. Its name pre-check ({@link mayHoldName}'s native regex)
 * needs no automaton, so a page or frame that names no one never compiles the rules (about
 * 9 ms in a fresh content-script world, and ~250 KB of tables).
 */
export class LazyRecognizer {
  private compiled: Recognizer | undefined;
  private readonly namePrefixes: RegExp | null;

  /** @param rules Validated rules (`virtual:fc-recognition`, or `parseRecognitionRules` output). */
  constructor(private readonly rules: RecognitionRules) {
    this.namePrefixes = prefixRegExp(namePatterns(rules));
  }

  /** Same answer as {@link mayHoldName} with the compiled recognizer; never compiles. */
  mayHoldName(text: string): boolean {
    return !this.namePrefixes || foldedMayHold(text, this.namePrefixes);
  }

  /** Whether the rules were compiled (a name-free page never needs it). */
  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /**
   * The compiled recognizer, built on the first call ({@link compileValidRules}).
   * @throws Error naming the field when an event names an unknown agent.
   */
  get recognizer(): Recognizer {
    return (this.compiled ??= compileValidRules(this.rules));
  }
}

// ---------------------------------------------------------------------------------------------
// Candidates (per block)
// ---------------------------------------------------------------------------------------------

/**
 * One thing found in a block, with its local evidence; input to {@link resolveMentions}.
 * `start`/`end` are UTF-16 offsets into the block text (end exclusive) and cover exactly
 * the page characters of the alias (invisible characters inside included).
 *
 * Kinds:
 * - `name`: an alias of a person. `strength` says whether it is a full name, a bare
 *   surname, or a weak variant spelling.
 * - `event`: a word form of an event (e.g. "recused"); the span includes a following
 *   reflexive ("himself").
 * - `agent`: a word that names an actor of an event ("attorney general", "Nunes").
 * - `cue`: a page-context word for a person (at most one per word per block).
 */
export interface Candidate {
  kind: 'name' | 'event' | 'agent' | 'cue';
  entityId: EntityId;
  start: number;
  end: number;
  /** The pack string that matched (alias, event form or cue word). */
  alias: string;
  /** Names only. */
  strength?: 'full' | 'surname' | 'weak';
  /** Title directly before a name, as folded ("attorney general"). */
  title?: string;
  /** Follower word directly after a name ("investigation"). */
  follower?: string;
  /** Context words for this person within the context window (folded, deduplicated). */
  context?: string[];
  /** Why this candidate can never count ("preceded by ‘Pete’"). */
  blocked?: string;
  /** Names only: the blocker says this is a namesake (another person with this surname). */
  namesake?: boolean;
  /** Cues only: a word speaking against the person (`pageCounterContext`). */
  counter?: boolean;
  /** Cues only: occurrences in this block. */
  count?: number;
  /** The original first letter is upper case. */
  capitalised?: boolean;
  /** The word before is capitalised and not a title or list neighbour (a heading or another name). */
  afterCapitalisedWord?: boolean;
  /** Agents only: true when the word stands for the event's own agent. */
  self?: boolean;
  /** Events only: index (in this block's candidate array) of the name whose possessive precedes it. */
  possessor?: number;
}

interface Hit {
  start: number;
  end: number;
  pattern: number;
}

const OPENING_PUNCT = /^[([{"“‘'«]+/;
const CLOSING_PUNCT = /[)\]}"”’'»,;:.!?]+$/;

/** A space-separated word of folded text and its folded start offset. */
interface Word {
  w: string;
  s: number;
}

/** Up to `max` space-separated words ending right before `pos` (folded), nearest last. */
function wordsBefore(folded: string, pos: number, max: number): Word[] {
  let end = pos;
  if (folded.charCodeAt(end - 1) === 0x20) end--;
  else return []; // glued to the previous token: no words directly before
  const words: Word[] = [];
  while (words.length < max && end > 0) {
    let s = end;
    while (s > 0 && folded.charCodeAt(s - 1) !== 0x20) s--;
    if (s === end) break;
    words.unshift({ w: folded.slice(s, end), s });
    end = s - 1;
  }
  return words;
}

/** Up to `max` words starting right after `pos` (a single space first), nearest first. */
function wordsAfter(folded: string, pos: number, max: number): Word[] {
  let s = pos;
  if (folded.charCodeAt(s) === 0x20) s++;
  else return [];
  const words: Word[] = [];
  while (words.length < max && s < folded.length) {
    let e = s;
    while (e < folded.length && folded.charCodeAt(e) !== 0x20) e++;
    if (e === s) break;
    words.push({ w: folded.slice(s, e), s });
    s = e + 1;
  }
  return words;
}

/** Opening punctuation stripped before a phrase is looked up ({@link OPENING_PUNCT}'s characters). */
const OPENING_UNITS = new Set([...'([{"“‘\'«'].map((c) => c.charCodeAt(0)));
/** Closing punctuation stripped after a phrase is looked up ({@link CLOSING_PUNCT}'s characters). */
const CLOSING_UNITS = new Set([...')]}"”’\'»,;:.!?'].map((c) => c.charCodeAt(0)));

/**
 * First phrase of `set` formed by the last k words (k = 1..n), or undefined. The phrase grows
 * one word at a time (no array copies), and the punctuation regex runs only when the phrase
 * starts with opening punctuation: this runs several times per name candidate.
 */
function phraseEndingHere(words: Word[], set: Set<string>): string | undefined {
  if (set.size === 0) return undefined;
  let raw = '';
  for (let k = 1; k <= words.length; k++) {
    const w = words[words.length - k]!.w;
    raw = k === 1 ? w : `${w} ${raw}`;
    if (set.has(raw)) return raw;
    if (OPENING_UNITS.has(raw.charCodeAt(0))) {
      const stripped = raw.replace(OPENING_PUNCT, '');
      if (set.has(stripped)) return stripped;
    }
  }
  return undefined;
}

/** First phrase of `set` formed by the first k words (k = 1..n), or undefined (see {@link phraseEndingHere}). */
function phraseStartingHere(words: Word[], set: Set<string>): string | undefined {
  if (set.size === 0) return undefined;
  let raw = '';
  for (let k = 1; k <= words.length; k++) {
    const w = words[k - 1]!.w;
    raw = k === 1 ? w : `${raw} ${w}`;
    if (set.has(raw)) return raw;
    if (CLOSING_UNITS.has(raw.charCodeAt(raw.length - 1))) {
      const stripped = raw.replace(CLOSING_PUNCT, '');
      if (set.has(stripped)) return stripped;
    }
  }
  return undefined;
}

/** Quotes page text for a one-line `why`: invisible characters dropped, whitespace runs as one space. */
const q = (s: string): string => `‘${s.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ')}’`;

const isUpper = (ch: string | undefined): boolean => !!ch && ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** Is the folded word at [s, e) capitalised in the original text? */
function capitalisedAt(text: string, f: FoldedText, s: number): boolean {
  return isUpper(text[f.starts[s]!]);
}

/** A sentence starts before folded `pos`: block start or sentence punctuation (or list marker) before. */
function atSentenceStart(folded: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && folded.charCodeAt(i) === 0x20) i--;
  if (i < 0) return true;
  const c = folded[i]!;
  if ('.!?:;"“”|•·–—/()[]'.includes(c)) return true;
  return false;
}

/** Roles whose candidates need the folded text around them (see findCandidates). */
const STRING_ROLES = new Set<Role['kind']>(['full', 'surname', 'weak', 'form', 'selfAgent']);

/**
 * What a pattern's roles ask of {@link findCandidates}, decided once per pattern at compile
 * time instead of per hit: `string`, a role reads the folded text around the hit (see
 * STRING_ROLES); `span`, a name or event form competing for the text; `context`, a context word.
 */
const PatternFlag = { string: 1, span: 2, context: 4 } as const;

function patternFlagsOf(roles: readonly Role[][]): Uint8Array {
  return Uint8Array.from(roles, (list) => {
    let f = 0;
    for (const r of list) {
      if (STRING_ROLES.has(r.kind)) f |= PatternFlag.string;
      if (r.kind === 'full' || r.kind === 'surname' || r.kind === 'weak' || r.kind === 'form') f |= PatternFlag.span;
      if (r.kind === 'context') f |= PatternFlag.context;
    }
    return f;
  });
}

/**
 * Expensive per-block pass: every alias, event word, actor word and page cue in one block,
 * with the local evidence of each name. Pure; the result depends only on `text` and the
 * recognizer, so callers may cache it per block text.
 * @param text One block of page text (text nodes of one block element joined without separators).
 * @param recognizer From {@link compileRecognizer}.
 * @returns Candidates sorted by `start` (cues and agents interleaved); UTF-16 block offsets.
 *   `[]` for text with no alias. Never throws.
 */
export function findCandidates(text: string, recognizer: Recognizer): Candidate[] {
  const { patterns, roles, automaton, patternFlags } = recognizer;
  // Scan the folded code units first; most blocks hold no pattern and need no folded string.
  // (A native regex pre-check of the patterns' leading letters used to come first: it cost more
  // than it saved on every page measured, 93 vs 79 ms over the corpus and bench pages, and it
  // grew with the alias count: 10,000 aliases made it a 16 K-character alternation.)
  // The fold's arrays are shared scratch space: nothing below may fold another text.
  const units = foldUnits(text);
  const hits: Hit[] = [];
  scan(automaton, units.units, units.length, (pattern, end) => hits.push({ start: end - patterns[pattern]!.length, end, pattern }));
  if (hits.length === 0) return [];
  // Only names, event forms and self-agent titles read the folded string around them; a
  // block with just context or cue words (most of a long article's hits) skips decoding it.
  let needsString = false;
  for (const h of hits) if (patternFlags[h.pattern]! & PatternFlag.string) needsString = true;
  const f: FoldedText = { folded: needsString ? foldedString(units) : '', starts: units.starts.subarray(0, units.length), ends: units.ends.subarray(0, units.length) };
  const { folded } = f;

  // Names and event forms compete for the text: leftmost, then longest, wins.
  const spanHits = hits.filter((h) => patternFlags[h.pattern]! & PatternFlag.span);
  spanHits.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: Hit[] = [];
  let lastEnd = -1;
  for (const h of spanHits) {
    if (h.start >= lastEnd) {
      chosen.push(h);
      lastEnd = h.end;
    }
  }

  const out: Candidate[] = [];
  const W = recognizer.rules.contextWindowChars;
  const contextHits = hits.filter((h) => patternFlags[h.pattern]! & PatternFlag.context);
  const span = (s: number, e: number) => ({ start: f.starts[s]!, end: f.ends[e - 1]! });

  // Person of the name chosen at each folded start (for agents' titles).
  const namePersonAt = new Map<number, number>();
  for (const h of chosen) {
    const r = roles[h.pattern]!.find((x) => x.kind === 'full' || x.kind === 'surname' || x.kind === 'weak');
    if (r && 'person' in r) namePersonAt.set(h.start, r.person);
  }

  // Cues: one per (person, word) per block.
  const seenCue = new Map<string, Candidate>();
  for (const h of hits) {
    for (const r of roles[h.pattern]!) {
      if (r.kind === 'pageContext' || r.kind === 'pageCounterContext') {
        const seen = seenCue.get(r.key);
        if (seen) {
          seen.count!++;
          continue;
        }
        const cue: Candidate = { kind: 'cue', entityId: recognizer.persons[r.person]!.rules.id, ...span(h.start, h.end), alias: r.label, count: 1 };
        if (r.kind === 'pageCounterContext') cue.counter = true;
        seenCue.set(r.key, cue);
        out.push(cue);
      } else if (r.kind === 'selfAgent' || r.kind === 'otherAgent') {
        const agent: Candidate = { kind: 'agent', entityId: recognizer.events[r.event]!.rules.id, ...span(h.start, h.end), alias: r.label, self: r.kind === 'selfAgent' };
        if (agent.self) {
          // A title followed by a capitalised name is that person's title ("Attorney General
          // Eric Holder"): the actor is the name, unless it is the agent's own name.
          const next = wordsAfter(folded, h.end, 1)[0];
          if (next && /^\p{L}/u.test(next.w) && capitalisedAt(text, f, next.s)) {
            const agentPerson = recognizer.events[r.event]!.agent;
            const own = namePersonAt.get(next.s);
            if (own !== agentPerson) {
              agent.self = false;
              agent.alias = `${r.label} ${next.w.replace(CLOSING_PUNCT, '')}`;
            }
          }
        }
        out.push(agent);
      }
    }
  }

  const maxWords = recognizer.maxPhraseWords + 1;
  const nameIndexByEnd = new Map<number, number>();
  const possessorStart = new Map<Candidate, number>();
  for (const h of chosen) {
    for (const r of roles[h.pattern]!) {
      if (r.kind === 'form') {
        const ev = recognizer.events[r.event]!;
        const cand: Candidate = { kind: 'event', entityId: ev.rules.id, ...span(h.start, h.end), alias: r.alias };
        const after = wordsAfter(folded, h.end, 1);
        const refl = after[0]?.w.replace(CLOSING_PUNCT, "");
        if (refl && ev.reflexives.has(refl)) cand.end = f.ends[h.end + refl.length]!;
        else if (refl && ev.blockingReflexives.has(refl)) cand.blocked = `followed by ‘${refl}’`;
        // "Sessions’ recusal": a possessive name right before a possessive form.
        const form = folded.slice(h.start, h.end);
        if (ev.possessiveForms.has(form)) {
          // possessive ("Sessions’ recusal") or attributive ("the Sessions recusal")
          const m = /(?:'s?)? $/.exec(folded.slice(Math.max(0, h.start - 3), h.start));
          if (m) {
            const nameEnd = h.start - m[0].length;
            const idx = nameIndexByEnd.get(nameEnd);
            if (idx !== undefined && out[idx]!.entityId === recognizer.persons[ev.agent]!.rules.id) possessorStart.set(cand, out[idx]!.start);
          }
        }
        out.push(cand);
        continue;
      }
      if (r.kind !== 'full' && r.kind !== 'surname' && r.kind !== 'weak') continue;
      const person = recognizer.persons[r.person]!;
      const cand: Candidate = {
        kind: 'name',
        entityId: person.rules.id,
        ...span(h.start, h.end),
        alias: r.alias,
        strength: r.kind,
        capitalised: capitalisedAt(text, f, h.start),
      };
      describeName(cand, r.kind, person, recognizer, text, f, h, contextHits, W, maxWords);
      nameIndexByEnd.set(h.end, out.length);
      out.push(cand);
      break; // one person per span: the first role listed wins
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  if (possessorStart.size) {
    const nameAt = new Map<number, number>();
    out.forEach((c, i) => c.kind === 'name' && nameAt.set(c.start, i));
    for (const [cand, start] of possessorStart) {
      const idx = nameAt.get(start);
      if (idx !== undefined) cand.possessor = idx;
    }
  }
  return out;
}

/** Is the folded word a plain capitalised word in the original (letters, no trailing dot)? */
function isCapitalisedWord(text: string, f: FoldedText, word: Word | undefined): boolean {
  return !!word && /^\p{L}[\p{L}\p{N}'-]*$/u.test(word.w) && capitalisedAt(text, f, word.s);
}

/** Fills a name candidate's local evidence: blockers, title, follower, context. */
function describeName(
  cand: Candidate,
  kind: 'full' | 'surname' | 'weak',
  person: CompiledPerson,
  recognizer: Recognizer,
  text: string,
  f: FoldedText,
  h: Hit,
  contextHits: Hit[],
  W: number,
  maxWords: number,
): void {
  const { folded } = f;
  const before = wordsBefore(folded, h.start, maxWords);
  const after = wordsAfter(folded, h.end, maxWords);
  const prev = before[before.length - 1];
  const surnameOnly = kind !== 'full';

  // Context words within the window (weak names need them too).
  const ctx = new Set<string>();
  // contextHits are in end order (the automaton reports hits where they end): binary search.
  let lo = 0;
  let hi = contextHits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (contextHits[mid]!.end < h.start - W) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < contextHits.length; i++) {
    const c = contextHits[i]!;
    if (c.end > h.end + W + recognizer.maxPatternLength) break; // nothing later can start in the window
    if (c.start > h.end + W) continue;
    if (c.start < h.end && c.end > h.start) continue; // the name itself
    for (const r of recognizer.roles[c.pattern]!) {
      if (r.kind === 'context' && recognizer.persons[r.person] === person) ctx.add(recognizer.patterns[c.pattern]!);
    }
  }
  if (ctx.size) cand.context = [...ctx];

  // Hyphenated to a capitalised word: a double-barrelled name or a named thing ("Müller-Lyer", "Box-Muller").
  if (folded[h.start - 1] === '-' && h.start >= 2 && /\p{L}/u.test(folded[h.start - 2]!)) {
    let s = h.start - 1;
    while (s > 0 && /[\p{L}\p{N}]/u.test(folded[s - 1]!)) s--;
    const word = folded.slice(s, h.start - 1);
    if (capitalisedAt(text, f, s) && !person.hyphenPartners.has(word)) cand.blocked = `hyphenated to ${q(text.slice(f.starts[s]!, f.ends[h.start - 2]!))}`;
  }
  if (!cand.blocked && folded[h.end] === '-' && /\p{L}/u.test(folded[h.end + 1] ?? '')) {
    let e = h.end + 1;
    while (e < folded.length && /[\p{L}\p{N}]/u.test(folded[e]!)) e++;
    const word = folded.slice(h.end + 1, e);
    if (capitalisedAt(text, f, h.end + 1) && !person.hyphenPartners.has(word)) cand.blocked = `hyphenated to ${q(text.slice(f.starts[h.end + 1]!, f.ends[e - 1]!))}`;
  }

  if (surnameOnly && !cand.blocked && before.length) {
    const namesake = phraseEndingHere(before, person.namesakeTitles);
    const blockPhrase = phraseEndingHere(before, person.blockBefore);
    if (namesake) {
      cand.blocked = `preceded by ${q(namesake)}, another person`;
      cand.namesake = true;
    } else if (blockPhrase) cand.blocked = `preceded by ${q(blockPhrase)}`;
  }
  // Another person's first name, possibly with a middle initial: "Pete Sessions", "Deborah L. Mueller".
  if (surnameOnly && !cand.blocked && before.length) {
    let k = before.length - 1;
    if (/^\p{L}\.$/u.test(before[k]!.w) && k > 0) k--;
    const word = before[k]!;
    const bare = word.w.replace(OPENING_PUNCT, '');
    const bareStart = word.s + (word.w.length - bare.length);
    if (
      recognizer.otherFirstNames.has(bare) &&
      !person.ownFirstNames.has(bare) &&
      capitalisedAt(text, f, bareStart) &&
      !inSurnameList(text, f, before, k, after, person, recognizer)
    ) {
      cand.blocked = `preceded by ${q(text.slice(f.starts[bareStart]!, f.ends[bareStart + bare.length - 1]!))}, another person`;
      cand.namesake = true;
    }
  }
  if (surnameOnly && !cand.blocked) {
    const blockPhrase = phraseStartingHere(after, person.blockAfter);
    if (blockPhrase) cand.blocked = `followed by ${q(blockPhrase)}`;
    else if (atSentenceStart(folded, h.start)) {
      const p = phraseStartingHere(after, person.blockAfterAtStart);
      if (p) cand.blocked = `starts a sentence followed by ${q(p)}`;
    }
  }
  if (!surnameOnly) return;

  if (before.length) {
    const title = phraseEndingHere(before, person.titles);
    if (title) cand.title = title;
  }
  // Follower, allowing a possessive between: "Mueller’s investigation".
  let fEnd = h.end;
  const poss = /^'s?/.exec(folded.slice(h.end, h.end + 2));
  if (poss) fEnd += poss[0].length;
  const follower = phraseStartingHere(wordsAfter(folded, fEnd, recognizer.maxPhraseWords), person.followers);
  if (follower) cand.follower = follower;

  // A capitalised word right before (not a title, not in a list of surnames): a heading or
  // another name ("Live Sessions", "UPROXX Sessions"); page cues alone are then not enough.
  if (prev && !cand.title && isCapitalisedWord(text, f, prev) && !person.ownFirstNames.has(prev.w)) {
    if (!inSurnameList(text, f, before, before.length - 1, after, person, recognizer)) cand.afterCapitalisedWord = true;
  }
}

/**
 * Is `before[k]` (a word before the name) inside a run of capitalised words that reads as a
 * list of surnames ("… Rumsfeld Ryan Sessions Sherman …")? It needs a capitalised word before
 * it and one after the name, and the whole run must be `surnameListMinRun` words or more.
 */
function inSurnameList(text: string, f: FoldedText, before: Word[], k: number, after: Word[], person: CompiledPerson, recognizer: Recognizer): boolean {
  for (let j = k; j < before.length; j++) if (!/^\p{L}/u.test(before[j]!.w)) return false;
  const ahead = before[k - 1];
  if (!isCapitalisedWord(text, f, ahead) || person.titles.has(ahead!.w) || person.blockBefore.has(ahead!.w)) return false;
  if (!isCapitalisedWord(text, f, after[0])) return false;
  const run = before.length - k + 1 /* ahead */ + 1 /* name */ + 1; /* after */
  return run >= recognizer.rules.surnameListMinRun;
}

// ---------------------------------------------------------------------------------------------
// Page-level resolution
// ---------------------------------------------------------------------------------------------

/** A mention part: the person and the event inside a compound mention ("Sessions’ recusal"). */
export interface MentionPart {
  entityId: EntityId;
  start: number;
  end: number;
  alias: string;
}

/** A {@link Mention} that may be a compound of a person and an event. */
export interface ResolvedMention extends Mention {
  /**
   * For a compound event mention ("Jeff Sessions’ recusal"): the person's name and the
   * event word as separate spans (block offsets), in order. Corpus labels count these separately.
   */
  parts?: MentionPart[];
}

/** Options of {@link resolveMentions} for callers that follow a live page (see there). */
export interface ResolveOptions {
  only?: ReadonlySet<number>;
  onEvidence?: (key: string) => void;
  /**
   * Called with the page-evidence key once it is known (before any block is decided): the
   * blocks to decide (like `only`), or undefined for all. One pass instead of an evidence-only
   * pass and a second one.
   */
  onlyFor?: (key: string) => ReadonlySet<number> | undefined;
  /**
   * Decide only what blocks after these cannot overturn (default false): for a paint of the top
   * of a page before the rest is read. A surname counted by page-wide evidence alone (a full
   * name or a page cue in another block, a full name elsewhere for one after a capitalised word)
   * is left out, since a namesake ("Rep. Pete Sessions") or counter words further down void that
   * evidence; full names, titles, followers, context words in the block and the events tied to
   * them still count. Page evidence only grows otherwise, so these mentions stay in a later pass
   * over more blocks (one may become part of a wider compound mention).
   */
  settledOnly?: boolean;
}

/**
 * One block given to {@link resolveMentions}. Event rules look at a block's neighbours (an
 * actor in the block before, a topic word in the text around it), so a caller that passes only
 * some of the page's blocks (the content script keeps blocks with candidates) says which
 * neighbours are real.
 */
export interface ResolveBlock {
  text: string;
  /** Output of {@link findCandidates} for `text`. */
  candidates: Candidate[];
  /**
   * Index, in the same array, of the page block right before this one; `null` when that block
   * is not in the array (it had no candidates). Default `i - 1`: every block is passed.
   */
  previous?: number | null;
  /** Page text right before / after the block (the neighbouring blocks'); default: the neighbours' text. */
  textBefore?: string;
  textAfter?: string;
}

/**
 * Cheap page-level pass: decides every candidate using page-wide evidence (a full name or a
 * strong context anywhere on the page) and returns the accepted mentions.
 * @param blocks The page's blocks in document order (all of them, or those with candidates and
 *   `previous`/`textBefore`/`textAfter` set), each with its text and the output of
 *   {@link findCandidates} for that text (the same recognizer).
 * @param recognizer From {@link compileRecognizer}.
 * @param options `only`: decide just these block indices (the others get `[]`), still with
 *   the evidence of every block; `onEvidence`: receives a key of the page-wide evidence (equal
 *   keys: decisions outside `only` would not change); `onlyFor`: chooses `only` from that key;
 *   `settledOnly`: only decisions later blocks cannot overturn (see {@link ResolveOptions}).
 * @returns For each input block (same order), its accepted mentions sorted by `start`, non
 *   overlapping; offsets are UTF-16 offsets into that block's text. Never throws.
 */
export function resolveMentions(blocks: ReadonlyArray<ResolveBlock>, recognizer: Recognizer, options: ResolveOptions = {}): ResolvedMention[][] {
  let only = options.only;
  const settledOnly = options.settledOnly ?? false;
  /** Neighbours in the page: index in `blocks`, or -1 when not passed. */
  const prevOf = blocks.map((b, i) => (b.previous === undefined ? i - 1 : (b.previous ?? -1)));
  const nextOf = blocks.map(() => -1);
  prevOf.forEach((p, i) => {
    if (p >= 0 && p < blocks.length) nextOf[p] = i;
  });
  const textBefore = (bi: number): string => blocks[bi]!.textBefore ?? (prevOf[bi]! >= 0 ? blocks[prevOf[bi]!]!.text : '');
  const textAfter = (bi: number): string => blocks[bi]!.textAfter ?? (nextOf[bi]! >= 0 ? blocks[nextOf[bi]!]!.text : '');
  const personIds = recognizer.persons.map((p) => p.rules.id);
  const labelOf = new Map(recognizer.persons.map((p) => [p.rules.id, p.rules.label]));
  /** Strong page evidence: a full name or a locally settled surname somewhere. */
  const strong = new Map<EntityId, string>();
  /** Weak page evidence: page-context words somewhere, and how often they and counter words occur. */
  const cues = new Map<EntityId, string>();
  const cueCount = new Map<EntityId, number>();
  const counterCount = new Map<EntityId, number>();
  /** A namesake is named on the page ("Rep. Pete Sessions"): page-level evidence is void. */
  const namesakes = new Set<EntityId>();
  const slice = (b: { text: string }, c: Candidate): string => b.text.slice(c.start, c.end);

  for (const b of blocks) {
    for (const c of b.candidates) {
      if (c.kind === 'cue') {
        const counts = c.counter ? counterCount : cueCount;
        counts.set(c.entityId, (counts.get(c.entityId) ?? 0) + (c.count ?? 1));
        if (!c.counter && !cues.has(c.entityId)) cues.set(c.entityId, c.alias);
      } else if (c.kind === 'name' && c.namesake) {
        namesakes.add(c.entityId);
      } else if (c.kind === 'name' && !c.blocked) {
        if (c.strength === 'full') {
          if (!strong.has(c.entityId)) strong.set(c.entityId, `same page names ${labelOf.get(c.entityId)}`);
        } else if (c.strength === 'surname' && c.capitalised && (c.title || c.follower)) {
          if (!strong.has(c.entityId)) strong.set(c.entityId, `same page says ${q((c.title ? c.title + ' ' : '') + slice(b, c) + (c.follower ? ' ' + c.follower : ''))}`);
        }
      }
    }
  }

  /** Decision for each name candidate: the reason it counts, or null. */
  const nameWhy = (b: { text: string }, c: Candidate): string | null => {
    if (c.blocked) return null;
    const s = slice(b, c);
    if (c.strength === 'full') return `${q(s)} — full name`;
    if (c.strength === 'weak') {
      if (c.title) return `${q(s)} — ${c.title} before it`;
      if (c.follower) return `${q(s)} — ‘${c.follower}’ after it`;
      return null; // variant spellings need a title or follower right there
    }
    if (!c.capitalised) return null;
    if (c.title) return `${q(s)} — ${c.title} before it`;
    if (c.follower) return `${q(s)} — ‘${c.follower}’ after it`;
    const namesake = namesakes.has(c.entityId);
    const s1 = namesake ? undefined : strong.get(c.entityId);
    // Context words alone do not settle a surname right after a capitalised word ("Committee
    // Sessions … Senate"): that needs the full name somewhere on the page as well.
    if (c.context?.length && (!c.afterCapitalisedWord || (s1 && !settledOnly))) return `${q(s)} — nearby: ${c.context.slice(0, 3).join(', ')}${s1 ? `; ${s1}` : ''}`;
    if (namesake) return null; // another person of that name is on the page: only local evidence counts
    if (settledOnly) return null; // page evidence a namesake or counter words further down may void
    if (s1) return `${q(s)} — ${s1}`;
    const cue = cues.get(c.entityId);
    const weakOk = (cueCount.get(c.entityId) ?? 0) > (counterCount.get(c.entityId) ?? 0);
    if (cue && weakOk && !c.afterCapitalisedWord) return `${q(s)} — page mentions ‘${cue}’`;
    return null;
  };

  const results: ResolvedMention[][] = [];
  /** Decision of each name candidate, made on first use (a partial pass decides few blocks). */
  const decidedCache: Array<Array<string | null | undefined> | undefined> = [];
  const decidedAt = (bi: number, ci: number): string | null => {
    const row = (decidedCache[bi] ??= []);
    let why = row[ci];
    if (why === undefined) {
      const b = blocks[bi]!;
      const c = b.candidates[ci]!;
      why = row[ci] = c.kind === 'name' ? nameWhy(b, c) : null;
    }
    return why;
  };

  // Actors of events: accepted names of the agent person and agent words, per block.
  type Actor = { start: number; end: number; self: boolean; label: string };
  const actorCache = new Map<string, Actor[]>();
  const actorsOf = (bi: number, eventIndex: number): Actor[] => {
    const key = `${bi}|${eventIndex}`;
    const cached = actorCache.get(key);
    if (cached) return cached;
    const list = collectActors(bi, eventIndex);
    actorCache.set(key, list);
    return list;
  };
  const collectActors = (bi: number, eventIndex: number): Actor[] => {
    const ev = recognizer.events[eventIndex]!;
    const agentId = personIds[ev.agent];
    const b = blocks[bi]!;
    const list: Actor[] = [];
    b.candidates.forEach((c, ci) => {
      if (c.kind === 'name' && c.entityId === agentId) {
        if (decidedAt(bi, ci)) list.push({ start: c.start, end: c.end, self: true, label: slice(b, c) });
        else if (c.blocked) list.push({ start: c.start, end: c.end, self: false, label: slice(b, c) });
      } else if (c.kind === 'name' && c.entityId !== agentId && decidedAt(bi, ci)) {
        // another tracked person can also be the actor ("Mueller’s recusal")
        list.push({ start: c.start, end: c.end, self: false, label: slice(b, c) });
      } else if (c.kind === 'agent' && c.entityId === ev.rules.id) {
        list.push({ start: c.start, end: c.end, self: !!c.self, label: c.alias });
      }
    });
    return list;
  };

  const topicCache = new Map<string, boolean>();
  const agentNamed = new Set<EntityId>();
  for (const ev of recognizer.events) {
    const agentId = personIds[ev.agent];
    if (blocks.some((b, bi) => b.candidates.some((c, ci) => c.kind === 'name' && c.entityId === agentId && decidedAt(bi, ci)))) agentNamed.add(ev.rules.id);
  }

  if (options.onEvidence || options.onlyFor) {
    const weakOk = [...cueCount.keys()].filter((id) => (cueCount.get(id) ?? 0) > (counterCount.get(id) ?? 0));
    const key = JSON.stringify([[...strong.keys()].sort(), [...cues.keys()].sort(), weakOk.sort(), [...namesakes].sort(), [...agentNamed].sort(), settledOnly]);
    options.onEvidence?.(key);
    if (options.onlyFor) only = options.onlyFor(key) ?? only;
  }

  blocks.forEach((b, bi) => {
    if (only && !only.has(bi)) {
      results.push([]);
      return;
    }
    const mentions: ResolvedMention[] = [];
    const consumed = new Set<number>();
    b.candidates.forEach((c, ci) => {
      if (c.kind !== 'event' || c.blocked) return;
      // The event belongs to its agent: a page that never names the agent has none of it.
      if (!agentNamed.has(c.entityId)) return;
      const ei = recognizer.events.findIndex((e) => e.rules.id === c.entityId);
      const ev = recognizer.events[ei]!;
      const agentId = personIds[ev.agent]!;
      // Compound: "Sessions’ recusal" — one mention, the possessive ties the event to the person.
      if (c.possessor !== undefined) {
        const n = b.candidates[c.possessor]!;
        if (n.kind === 'name' && n.entityId === agentId && !n.blocked && (n.capitalised || n.strength === 'full')) {
          consumed.add(c.possessor);
          mentions.push({
            entityId: c.entityId,
            start: n.start,
            end: c.end,
            alias: c.alias,
            why: `${q(b.text.slice(n.start, c.end))} — ${labelOf.get(agentId)}’s ${c.alias}`,
            parts: [
              { entityId: agentId, start: n.start, end: n.end, alias: n.alias },
              { entityId: c.entityId, start: c.start, end: c.end, alias: c.alias },
            ],
          });
          return;
        }
      }
      if (!topicNear(bi, ei, c)) return;
      const why = eventWhy(bi, c, ei, actorsOf);
      if (why) mentions.push({ entityId: c.entityId, start: c.start, end: c.end, alias: c.alias, why: `${q(b.text.slice(c.start, c.end))} — ${why}` });
    });
    b.candidates.forEach((c, ci) => {
      if (c.kind !== 'name' || consumed.has(ci)) return;
      const why = decidedAt(bi, ci);
      if (why) mentions.push({ entityId: c.entityId, start: c.start, end: c.end, alias: c.alias, why });
    });
    mentions.sort((a, b2) => a.start - b2.start || b2.end - a.end);
    const clean: ResolvedMention[] = [];
    for (const m of mentions) if (!clean.length || m.start >= clean[clean.length - 1]!.end) clean.push(m);
    results.push(clean);
  });
  return results;

  /** Does a topic form ("his recusal") have a topic word in its block or the text around it? */
  function topicNear(bi: number, ei: number, c: Candidate): boolean {
    const ev = recognizer.events[ei]!;
    if (!ev.topic || !ev.topicForms.has(foldAlias(c.alias))) return true;
    const key = `${bi}|${ei}`;
    let ok = topicCache.get(key);
    if (ok === undefined) {
      const w = ev.rules.topicWindowChars;
      ok = ev.topic.test(blocks[bi]!.text) || (w > 0 && (ev.topic.test(textBefore(bi).slice(-w)) || ev.topic.test(textAfter(bi).slice(0, w))));
      topicCache.set(key, ok);
    }
    return ok;
  }

  function eventWhy(bi: number, c: Candidate, ei: number, actors: (bi: number, ei: number) => Actor[]): string | null {
    const ev = recognizer.events[ei]!.rules;
    const agentLabel = labelOf.get(personIds[recognizer.events[ei]!.agent]!)!;
    const here = actors(bi, ei);
    const verdict = (a: Actor, where: string): string | null => (a.self ? `${where} ${q(a.label)} (${agentLabel})` : null);
    // Nearest actor before, within the window.
    let best: Actor | undefined;
    for (const a of here) if (a.end <= c.start && c.start - a.end <= ev.agentWindowBeforeChars && (!best || a.end > best.end)) best = a;
    if (best) return verdict(best, 'actor before it is');
    const prev = prevOf[bi]!;
    const prevBlock = prev >= 0 ? actors(prev, ei) : [];
    const prevText = prev >= 0 ? blocks[prev]!.text.length : 0;
    for (const a of prevBlock) if (c.start + prevText - a.end <= ev.agentWindowBeforeChars && (!best || a.end > best.end)) best = a;
    if (best) return verdict(best, 'actor in the block before is');
    // Nothing before: nearest actor right after ("Recused. Jeff Sessions recused himself …").
    let after: Actor | undefined;
    for (const a of here) if (a.start >= c.end && a.start - c.end <= ev.agentWindowAfterChars && (!after || a.start < after.start)) after = a;
    if (!after && nextOf[bi]! >= 0) {
      const rest = blocks[bi]!.text.length - c.end;
      for (const a of actors(nextOf[bi]!, ei)) if (rest + a.start <= ev.agentWindowAfterChars && (!after || a.start < after.start)) after = a;
    }
    if (after) return verdict(after, 'actor right after it is');
    // Still nothing: the block is about the agent only.
    if (here.length && here.every((a) => a.self)) return `block names only ${q(here[0]!.label)} (${agentLabel})`;
    return null;
  }
}
