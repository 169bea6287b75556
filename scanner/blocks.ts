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

/** One text node's place in a block: `start` is its UTF-16 offset in `TextBlock.text`. */
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

/** Stack items: a node to visit, or a marker that ends the current block. */
const FLUSH = 0;
type Item = Node | typeof FLUSH;

/**
 * Walks `root`'s text nodes into blocks, lazily: each `next()` does only the work up to the
 * next non-blank block, so a caller can run it in time slices.
 * @param root An element, document (its body, else documentElement), document fragment or shadow root.
 * @returns A generator of blocks in document order; blocks of only whitespace are not yielded.
 *   The DOM must not change while the generator is being consumed (blocks would be stale;
 *   see {@link blockIsCurrent}). Never throws on odd markup.
 */
export function* iterateBlocks(root: Node): Generator<TextBlock> {
  let start: Node | null = root;
  if (root.nodeType === DOCUMENT_NODE) {
    const doc = root as Document;
    start = doc.body ?? doc.documentElement;
  }
  if (!start || isInsideSkipped(start)) return;
  let parts: string[] = [];
  let segments: TextSegment[] = [];
  let length = 0;
  let hasText = false;
  const stack: Item[] = [start];
  while (stack.length) {
    const item = stack.pop()!;
    if (item === FLUSH) {
      if (hasText) yield { text: parts.join(''), segments };
      if (length) {
        parts = [];
        segments = [];
        length = 0;
        hasText = false;
      }
      continue;
    }
    const type = item.nodeType;
    if (type === TEXT_NODE) {
      const data = (item as Text).data;
      if (!data.length) continue;
      segments.push({ node: item as Text, start: length });
      parts.push(data);
      length += data.length;
      if (!hasText) hasText = hasNonSpace(data);
      continue;
    }
    if (type === ELEMENT_NODE) {
      const el = item as Element;
      if (el !== start && isSkipped(el)) continue;
      const tag = el.tagName;
      if (tag === 'BR') {
        stack.push(FLUSH);
        continue;
      }
      const block = BLOCK.has(tag);
      if (block) {
        stack.push(FLUSH); // after the element
      }
      for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
      const shadow = (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
      if (shadow) {
        stack.push(FLUSH);
        for (let c = shadow.lastChild; c; c = c.previousSibling) stack.push(c);
        stack.push(FLUSH);
      }
      if (block) stack.push(FLUSH); // before the element
      continue;
    }
    if (type === DOCUMENT_FRAGMENT_NODE || type === DOCUMENT_NODE) {
      for (let c = item.lastChild; c; c = c.previousSibling) stack.push(c);
    }
  }
  if (hasText) yield { text: parts.join(''), segments };
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
  if (!(start >= 0 && end > start && end <= block.text.length)) {
    throw new RangeError(`rangeForSpan: bad span [${start}, ${end}) of ${block.text.length}`);
  }
  const a = block.segments[segmentAt(block, start, false)]!;
  const b = block.segments[segmentAt(block, end, true)]!;
  const range = doc.createRange();
  range.setStart(a.node, start - a.start);
  range.setEnd(b.node, end - b.start);
  return range;
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
