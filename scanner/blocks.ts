/**
 * DOM side of the scanner: turns a page's text nodes into blocks of text for the matcher and
 * maps matcher offsets back to DOM Ranges. Works in browsers and in happy-dom; uses no
 * extension API, no layout (no getComputedStyle, no innerText) and no per-node regex, so a
 * 1.6 MB page with tens of thousands of nodes is walked in tens of milliseconds.
 *
 * Choices (document order = DOM tree order):
 * - A block is the text of consecutive text nodes inside one block-level element, joined
 *   WITHOUT separators: inline markup (a, b, span, em…) never splits a name, and a block-level
 *   boundary or `<br>` always ends one. Block-level is decided by tag name, not CSS.
 * - Skipped subtrees: script, style, noscript, template, textarea, input, select, option,
 *   title, SVG title/desc, iframe, noembed, noframes, object, canvas; editable regions
 *   (`contenteditable` with any value but "false", inherited by skipping the subtree); code
 *   editors (CodeMirror `.cm-editor`/`.CodeMirror`, Monaco `.monaco-editor`, Ace
 *   `.ace_editor`); our own UI (tag names starting with `fc-`, `[data-fc-ui]`).
 * - `aria-hidden="true"` and `hidden` subtrees are NOT skipped: their text is still page text
 *   (often visible, e.g. decorative duplicates), highlighting it is harmless where it is not
 *   rendered, and the corpus text model counts it.
 * - Open shadow roots (`element.shadowRoot`) are walked as their own block context (the
 *   current block ends before and after), before the host's light-DOM children. Slotted
 *   content is read where it sits in the light DOM, not at its slot: simple, and a name is
 *   rarely split between a slot and its shadow tree. Closed shadow roots are unreachable.
 */

/**
 * One text node's place in a block: `start` is the UTF-16 offset in `TextBlock.text` where the
 * node's data begins; negative when the block is a piece of a long text that began earlier in
 * the node (see {@link MAX_BLOCK_CHARS}).
 */
export interface TextSegment {
  node: Text;
  start: number;
}

/**
 * Text of consecutive text nodes within one block-level context, joined without separators.
 * `segments` are in order; segment i covers `text.slice(start_i, start_i + node.data.length)`
 * as the node's data was when the block was built.
 */
export interface TextBlock {
  text: string;
  segments: TextSegment[];
}

/** Elements whose text is never page content (upper-case HTML tag names, lower-case SVG). */
const SKIPPED = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'OPTGROUP', 'DATALIST',
  'TITLE', 'IFRAME', 'NOEMBED', 'NOFRAMES', 'OBJECT', 'CANVAS', 'HEAD',
  'title', 'desc', 'style', 'script', 'metadata',
]);

/** Elements that start and end a block (HTML block-level and table/list structure). */
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'COL', 'COLGROUP', 'DD', 'DETAILS',
  'DIALOG', 'DIR', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'FRAMESET', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'LISTING', 'MAIN', 'MENU', 'NAV', 'OL',
  'P', 'PLAINTEXT', 'PRE', 'SEARCH', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR',
  'UL', 'XMP', 'BUTTON', 'svg', 'foreignObject',
]);

/**
 * Elements that may host a shadow root (`attachShadow` throws on every other HTML element);
 * custom elements (a hyphen in the name) may too. Other elements are not asked for one: in a
 * Firefox content script each `shadowRoot` read crosses a wrapper.
 */
const SHADOW_HOSTS = new Set(
  ['ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DIV', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'MAIN', 'NAV', 'P', 'SECTION', 'SPAN']
    .flatMap((t) => [t, t.toLowerCase()]), // upper case in HTML documents, as written in XHTML ones
);

/** Class names of code editors whose text belongs to the editor, not the page. */
const EDITOR_CLASSES = ['cm-editor', 'CodeMirror', 'monaco-editor', 'ace_editor'];

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

/** Is `el`'s subtree excluded from page text? Attribute reads only, no layout. */
function isSkipped(el: Element): boolean {
  const tag = el.tagName;
  if (SKIPPED.has(tag)) return true;
  if (tag.length > 3 && (tag.charCodeAt(0) === 70 || tag.charCodeAt(0) === 102) && tag.slice(0, 3).toLowerCase() === 'fc-') return true;
  if (el.hasAttribute('data-fc-ui')) return true;
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return true;
  const cls = el.getAttribute('class');
  if (cls && EDITOR_CLASSES.some((c) => cls.includes(c))) {
    const list = el.classList;
    if (EDITOR_CLASSES.some((c) => list.contains(c))) return true;
  }
  return false;
}

/** True for an element that starts and ends a block of text (block-level, table, list, `<br>` aside). */
export function isBlockElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE && BLOCK.has((node as Element).tagName);
}

/**
 * True when `node` or an ancestor (across shadow-root hosts) is excluded from page text:
 * script, style, form fields, contenteditable regions, code editors, our own UI. A rescan that
 * starts inside such a region (e.g. after the reader typed into an editor) must find nothing.
 */
export function isInsideSkipped(node: Node): boolean {
  for (let n: Node | null = node; n; ) {
    if (n.nodeType === ELEMENT_NODE && isSkipped(n as Element)) return true;
    n = n.nodeType === DOCUMENT_FRAGMENT_NODE ? ((n as ShadowRoot).host ?? null) : n.parentNode;
  }
  return false;
}

/** CSS selector of {@link isSkipped}'s elements (fc- tag names aside): one native query per walk. */
const SKIP_SELECTOR = [
  ...[...SKIPPED].filter((t) => t === t.toUpperCase()).map((t) => t.toLowerCase()),
  'desc', 'metadata', '[data-fc-ui]', '[contenteditable]:not([contenteditable="false" i])',
  ...EDITOR_CLASSES.map((c) => `.${c}`),
].join(',');

/** Blocks longer than this (UTF-16 units) are cut into pieces, so no piece costs a long task. */
export const MAX_BLOCK_CHARS = 1 << 16;
/** Target length of a piece of a cut block. */
const PIECE_CHARS = 1 << 15;

/** Options of {@link iterateBlocks}. */
export interface IterateOptions {
  /** Called for every open shadow root the walk enters (also empty ones), before its text. */
  onShadowRoot?: (root: ShadowRoot) => void;
  /**
   * Called for every element with a custom-element name (a hyphen) that has no open shadow
   * root yet: its definition may attach one later (an upgrade), which no mutation record shows.
   */
  onBareCustomElement?: (el: Element) => void;
}

/**
 * Walks `root`'s text nodes into blocks, lazily: each `next()` does only the work up to the
 * next non-blank block, so a caller can run it in time slices. A block longer than
 * {@link MAX_BLOCK_CHARS} (a 2 MB `<pre>`) comes as pieces of about 32 K characters cut at a
 * line end or space; a piece's first segment may then start before it (negative `start`).
 *
 * The walk is a native TreeWalker over elements and text; skipped subtrees are found first
 * with one `querySelectorAll` per document or shadow root, so each node costs a few DOM calls
 * (this matters most in Firefox, where every DOM call from a content script crosses a wrapper).
 * @param root An element, document (its body, else documentElement), document fragment or shadow root.
 * @returns A generator of blocks in document order; blocks of only whitespace are not yielded.
 *   If the DOM changes while the generator is paused, blocks already yielded may be stale
 *   (see {@link blockIsCurrent}); if the node the walk stands on leaves the page while the
 *   generator is paused, the walk ends early and returns `{ cut: true }`: the caller should
 *   rescan `root`. Never throws on odd markup.
 */
export function iterateBlocks(root: Node, options: IterateOptions = {}): Generator<TextBlock, WalkEnd, undefined> {
  let start: Node | null = root;
  if (root.nodeType === DOCUMENT_NODE) {
    const doc = root as Document;
    start = doc.body ?? doc.documentElement;
  }
  if (!start || isInsideSkipped(start)) return nothing();
  return walk(start, options); // no wrapper generator: delegation costs per block
}

/**
 * A run of siblings that together hold whole blocks: `first` … `last` are children of `parent`,
 * and neither the sibling before `first` nor the one after `last` belongs to a block of the
 * run (see {@link runAround}).
 */
export interface SiblingRun {
  parent: Node;
  first: Node;
  last: Node;
}

/**
 * The run of `child`'s siblings (itself included) whose text joins into the same blocks: it
 * stops at a block-level sibling or `<br>` on either side, and, since the walk ends a block
 * before an element hosting a shadow root, a host starts a run: one on the left is taken in
 * (its light-DOM text starts the run's first block), one on the right ends the run. The runs of
 * a parent's children so partition them: every member of a run has that same run. Rescanning a
 * change inside the run needs only the run, not the whole parent: a clock ticking in a text node
 * of `<body>` beside a thousand paragraphs rescans that text.
 * @param child A child of a block-level element, shadow root or document (the unit of rescanning).
 * @returns The run, or `null` when it is all of the parent's children (rescan the parent).
 */
export function runAround(child: Node): SiblingRun | null {
  const parent = child.parentNode;
  if (!parent) return null;
  let first = child;
  // A shadow host starts a block (the walk ends the one before it), so a host child starts its run.
  const startsRun = child.nodeType === ELEMENT_NODE && hostsShadow(child as Element);
  for (let s = startsRun ? null : child.previousSibling; s; s = s.previousSibling) {
    if (s.nodeType === ELEMENT_NODE) {
      const tag = (s as Element).tagName;
      if (BLOCK.has(tag) || tag === 'BR') break;
      first = s;
      if (hostsShadow(s as Element)) break;
    } else first = s;
  }
  let last = child;
  for (let s = child.nextSibling; s; s = s.nextSibling) {
    if (s.nodeType === ELEMENT_NODE) {
      const tag = (s as Element).tagName;
      if (BLOCK.has(tag) || tag === 'BR' || hostsShadow(s as Element)) break;
    }
    last = s;
  }
  if (!first.previousSibling && !last.nextSibling) return null;
  return { parent, first, last };
}

function hostsShadow(el: Element): boolean {
  const tag = el.tagName;
  return (SHADOW_HOSTS.has(tag) || tag.includes('-')) && !!(el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
}

/**
 * The blocks of a {@link SiblingRun}, as {@link iterateBlocks} of the parent yields them for
 * those siblings. Same laziness and `cut` contract: the walk ends early with `{ cut: true }`
 * when the page removed the node it stood on, or the run's right neighbour, while paused.
 */
export function iterateRun(run: SiblingRun, options: IterateOptions = {}): Generator<TextBlock, WalkEnd, undefined> {
  if (isInsideSkipped(run.parent)) return nothing();
  return walk(run.parent, options, run);
}

// eslint-disable-next-line require-yield
function* nothing(): Generator<TextBlock, WalkEnd, undefined> {
  return { cut: false };
}

/** How a walk ended: `cut` when the node it stood on left the page while it was paused. */
export interface WalkEnd {
  cut: boolean;
}

/** Collects the text of one block; `take()` ends it and returns it, or null when blank. */
class BlockBuilder {
  private parts: string[] = [];
  private segments: TextSegment[] = [];
  private length = 0;
  private hasText = false;

  add(node: Text, data: string): void {
    this.segments.push({ node, start: this.length });
    this.parts.push(data);
    this.length += data.length;
    if (!this.hasText) this.hasText = hasNonSpace(data);
  }

  take(): TextBlock | null {
    if (!this.length) return null;
    const block = this.hasText ? { text: this.parts.length === 1 ? this.parts[0]! : this.parts.join(''), segments: this.segments } : null;
    this.parts = [];
    this.segments = [];
    this.length = 0;
    this.hasText = false;
    return block;
  }
}

function* walk(start: Node, options: IterateOptions, run?: SiblingRun): Generator<TextBlock, WalkEnd, undefined> {
  const doc = (start.nodeType === DOCUMENT_NODE ? start : start.ownerDocument) as Document;
  const skipped = new Set<Element>();
  /** A run's walk stops here (the sibling after its last), and is cut if this leaves its place. */
  const until = run ? run.last.nextSibling : null;
  if (run) {
    for (let n: Node | null = run.first; n && n !== until; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      if (isSkipped(n as Element)) skipped.add(n as Element);
      else for (const el of Array.from((n as Element).querySelectorAll(SKIP_SELECTOR))) skipped.add(el);
    }
  } else {
    const queryRoot = start as ParentNode;
    if (typeof queryRoot.querySelectorAll === 'function') {
      for (const el of Array.from(queryRoot.querySelectorAll(SKIP_SELECTOR))) skipped.add(el);
    }
  }
  const hasSkipped = skipped.size > 0;
  const walker = doc.createTreeWalker(start, 0x1 | 0x4); // SHOW_ELEMENT | SHOW_TEXT
  const builder = new BlockBuilder();
  /** For each open block element, the node the walk reaches right after its subtree (null: the end). */
  const closers: Array<Node | null> = [];
  let node: Node | null = start;
  if (run) node = walker.currentNode = run.first;
  /** The page moved the run's right neighbour while the walk was paused: it lost its bounds. */
  const lostBounds = () => until !== null && until.parentNode !== start;
  while (node && node !== until) {
    // Blocks the walk just left end here (several may end at the same node).
    let ended = false;
    while (closers.length && closers[closers.length - 1] === node) {
      closers.pop();
      ended = true;
    }
    if (ended) {
      const b = builder.take();
      if (b) {
        if (b.text.length <= MAX_BLOCK_CHARS) yield b;
        else yield* pieces(b);
        // the page may have changed while we were paused: a walk that lost its place stops
        if (!node.isConnected || lostBounds()) return { cut: start.isConnected };
      }
    }
    const type = node.nodeType;
    if (type === TEXT_NODE) {
      const data = (node as Text).data;
      if (data.length) builder.add(node as Text, data);
      node = walker.nextNode();
      continue;
    }
    if (type !== ELEMENT_NODE) {
      node = walker.nextNode(); // the start itself: a shadow root or fragment
      continue;
    }
    const el = node as Element;
    const tag = el.tagName;
    if (el !== start && ((hasSkipped && skipped.has(el)) || isOurTag(tag))) {
      node = nextOutside(walker, start);
      continue;
    }
    const isBlock = BLOCK.has(tag);
    const custom = tag.includes('-');
    const shadow = SHADOW_HOSTS.has(tag) || custom ? (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot : null;
    if (custom && !shadow) options.onBareCustomElement?.(el);
    if (isBlock || shadow || tag === 'BR') {
      if (isBlock) closers.push(el === start ? null : following(el, closers));
      const b = builder.take();
      if (b) {
        if (b.text.length <= MAX_BLOCK_CHARS) yield b;
        else yield* pieces(b);
      }
      if (shadow) {
        options.onShadowRoot?.(shadow);
        yield* walk(shadow, options);
      }
      // paused above: the page may have removed the element meanwhile
      if ((b || shadow) && (!el.isConnected || lostBounds())) return { cut: start.isConnected };
    }
    node = walker.nextNode();
  }
  const last = builder.take();
  if (last) {
    if (last.text.length <= MAX_BLOCK_CHARS) yield last;
    else yield* pieces(last);
  }
  return { cut: false };
}

function isOurTag(tag: string): boolean {
  return tag.length > 3 && (tag.charCodeAt(0) === 70 || tag.charCodeAt(0) === 102) && tag.slice(0, 3).toLowerCase() === 'fc-';
}

/** The walker's next node after `walker.currentNode`'s subtree, or null at the end of `start`. */
function nextOutside(walker: TreeWalker, start: Node): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    const parent = walker.parentNode();
    if (!parent || parent === start) return null;
  }
}

/**
 * The node a pre-order walk over elements and text reaches right after `el`'s subtree: its next
 * element or text sibling, else its parent's, up to the nearest open block element, whose
 * follower is already on `closers`.
 */
function following(el: Element, closers: ReadonlyArray<Node | null>): Node | null {
  const stop = closers.length ? closers[closers.length - 1]! : null;
  for (let n: Node | null = el; n; n = n.parentNode) {
    for (let s = n.nextSibling; s; s = s.nextSibling) {
      const t = s.nodeType;
      if (t === ELEMENT_NODE || t === TEXT_NODE) return s;
    }
    const parent: Node | null = n.parentNode;
    if (!parent || parent.nodeType !== ELEMENT_NODE) return null;
    if (BLOCK.has((parent as Element).tagName)) return stop;
  }
  return null;
}

/** A block as is, or cut into pieces of about {@link PIECE_CHARS} when longer than {@link MAX_BLOCK_CHARS}. */
function* pieces(block: TextBlock): Generator<TextBlock> {
  const { text, segments } = block;
  if (text.length <= MAX_BLOCK_CHARS) {
    yield block;
    return;
  }
  let from = 0;
  let seg = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + PIECE_CHARS);
    if (to < text.length) {
      // a line end within the last 4 K, else a space, else a hard cut (both searches bounded:
      // an unbounded lastIndexOf ran back to the text's start on a text without line ends,
      // 52 ms on a 2 MB node)
      const nl = lastIndexIn(text, 0x0a, to - 4095, to);
      const sp = nl < 0 ? lastIndexIn(text, 0x20, from + 1, to) : -1;
      to = nl >= 0 ? nl + 1 : sp >= 0 ? sp + 1 : to;
    }
    while (seg + 1 < segments.length && segments[seg + 1]!.start <= from) seg++;
    const own: TextSegment[] = [];
    for (let k = seg; k < segments.length && segments[k]!.start < to; k++) own.push({ node: segments[k]!.node, start: segments[k]!.start - from });
    const piece = text.slice(from, to);
    if (hasNonSpace(piece)) yield { text: piece, segments: own };
    from = to;
  }
}

/** Last index in [lo, hi] (clamped to the text) holding code unit `unit`, or -1. */
function lastIndexIn(text: string, unit: number, lo: number, hi: number): number {
  for (let i = Math.min(hi, text.length - 1), stop = Math.max(0, lo); i >= stop; i--) if (text.charCodeAt(i) === unit) return i;
  return -1;
}

function hasNonSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d && c !== 0x0c && c !== 0xa0) return true;
  }
  return false;
}

/**
 * All blocks of `root` at once (see {@link iterateBlocks}).
 * @returns Blocks in document order.
 */
export function collectBlocks(root: Node): TextBlock[] {
  return [...iterateBlocks(root)];
}

/** Index of the segment holding block offset `offset` (the last one starting at or before it). */
function segmentAt(block: TextBlock, offset: number, preferEnd: boolean): number {
  const segs = block.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = segs[mid]!.start;
    if (s < offset || (!preferEnd && s === offset)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A DOM Range over block offsets [start, end), across as many text nodes as it spans.
 * The start lies in the node that holds character `start`, the end in the node that holds
 * character `end - 1`, so a range never begins or ends in a neighbouring empty position.
 * @param block A block from {@link iterateBlocks}, still current.
 * @param start UTF-16 offset in `block.text` (inclusive).
 * @param end UTF-16 offset in `block.text` (exclusive), `start < end <= block.text.length`.
 * @param doc The document that owns the nodes (for `createRange`).
 * @throws RangeError when the span is empty or outside the block; DOMException when the
 *   nodes changed so an offset no longer fits them.
 */
export function rangeForSpan(block: TextBlock, start: number, end: number, doc: Document): Range {
  const b = spanBoundaries(block, start, end);
  const range = doc.createRange();
  range.setStart(b.startContainer, b.startOffset);
  range.setEnd(b.endContainer, b.endOffset);
  return range;
}

/**
 * The boundary points of block offsets [start, end), as {@link rangeForSpan} places them: a
 * `StaticRangeInit` (text nodes and UTF-16 offsets in them). No DOM call, no live Range.
 * @throws RangeError when the span is empty or outside the block.
 */
export function spanBoundaries(block: TextBlock, start: number, end: number): { startContainer: Text; startOffset: number; endContainer: Text; endOffset: number } {
  if (!(start >= 0 && end > start && end <= block.text.length)) {
    throw new RangeError(`rangeForSpan: bad span [${start}, ${end}) of ${block.text.length}`);
  }
  const a = block.segments[segmentAt(block, start, false)]!;
  const b = block.segments[segmentAt(block, end, true)]!;
  return { startContainer: a.node, startOffset: start - a.start, endContainer: b.node, endOffset: end - b.start };
}

/**
 * Does the page still show the block's text over block offsets [start, end)? False when a node
 * under that span was edited since the block was built so that its characters there differ (an
 * insertion before them shifts them) or it is too short now; a range made from the block's
 * offsets would then cover other characters. Cost: the span's length.
 * @param start UTF-16 offsets into `block.text`, as for {@link spanBoundaries}.
 */
export function spanIsCurrent(block: TextBlock, start: number, end: number): boolean {
  const segs = block.segments;
  for (let k = segmentAt(block, start, false); k < segs.length; k++) {
    const seg = segs[k]!;
    if (seg.start >= end) break;
    const segEnd = k + 1 < segs.length ? segs[k + 1]!.start : block.text.length;
    const a = Math.max(start, seg.start);
    const b = Math.min(end, segEnd);
    if (b <= a) continue;
    const data = seg.node.data;
    if (b - seg.start > data.length || !block.text.startsWith(data.slice(a - seg.start, b - seg.start), a)) return false;
  }
  return true;
}

/**
 * Is the block still what the page shows? False when a node was removed or its text changed
 * since the block was built (the caller should rescan it before drawing ranges).
 * @returns `true` when every node is connected and the joined data equals `block.text`.
 */
export function blockIsCurrent(block: TextBlock): boolean {
  let offset = 0;
  for (const seg of block.segments) {
    if (!seg.node.isConnected || seg.start !== offset) return false;
    const data = seg.node.data;
    if (block.text.startsWith(data, offset) === false) return false;
    offset += data.length;
  }
  return offset === block.text.length;
}
