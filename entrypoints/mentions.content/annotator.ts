/**
 * The page annotator: walks the page's text in time slices, finds mentions with the core
 * matcher, keeps one record per block that holds candidates, paints highlights, and follows
 * live pages through a MutationObserver that rescans only what changed.
 *
 * Nothing here changes the page's DOM: ranges are painted with the CSS Custom Highlight API.
 */
import { findCandidates, holdsName, resolveMentions, type Candidate, type LazyRecognizer } from '@/core/match';
import { textQuoteSelector } from '@/core/selector';
import type { EntityId, Mention } from '@/core/types';
import type { MentionSummary } from '@/messaging/protocol';
import { isBlockElement, iterateBlocks, iterateRun, runAround, spanBoundaries, spanIsCurrent, type SiblingRun, type TextBlock } from '@/scanner/blocks';
import type { HighlightPainter } from './highlight';

/** One painted mention: its match, a live DOM range over it, and the block it came from. */
export interface PaintedMention {
  mention: Mention;
  /** A live Range over the mention (made on first use: it follows DOM changes). */
  readonly range: Range;
  /** The boundaries the highlight was painted with (a StaticRange does not follow DOM changes). */
  readonly paint: AbstractRange;
  record: BlockRecord;
}

/**
 * True when two painted mentions are one mention of the page: the same entity painted over the
 * same boundaries (a rescan of an unchanged block paints its mentions again as new objects).
 */
export function isSameMention(a: PaintedMention, b: PaintedMention): boolean {
  if (a === b) return true;
  const p = a.paint;
  const q = b.paint;
  return (
    a.mention.entityId === b.mention.entityId &&
    p.startContainer === q.startContainer &&
    p.startOffset === q.startOffset &&
    p.endContainer === q.endContainer &&
    p.endOffset === q.endOffset
  );
}

/** Characters of the text around a mention compared by {@link isSameMentionText}, each side. */
const SAME_CONTEXT_CHARS = 12;

/**
 * True when `b` is, by its text, the mention `a` was: the same entity over the same characters,
 * with the same text around it (up to {@link SAME_CONTEXT_CHARS} characters each side, as far as
 * both blocks go). For a mention the page re-rendered into new nodes (a framework setting the
 * same text again) or moved within its block (text inserted before it), which
 * {@link isSameMention} no longer recognises. Mentions without a block (tests' fakes) are not.
 */
export function isSameMentionText(a: PaintedMention, b: PaintedMention): boolean {
  if (isSameMention(a, b)) return true;
  if (a.mention.entityId !== b.mention.entityId) return false;
  const ta = a.record?.block?.text;
  const tb = b.record?.block?.text;
  if (ta === undefined || tb === undefined) return false;
  const { start: sa, end: ea } = a.mention;
  const { start: sb, end: eb } = b.mention;
  if (ea - sa !== eb - sb || ta.slice(sa, ea) !== tb.slice(sb, eb)) return false;
  const before = Math.min(SAME_CONTEXT_CHARS, sa, sb);
  const after = Math.min(SAME_CONTEXT_CHARS, ta.length - ea, tb.length - eb);
  return ta.slice(sa - before, sa) === tb.slice(sb - before, sb) && ta.slice(ea, ea + after) === tb.slice(eb, eb + after);
}

/**
 * Where `old`, a mention that may have left `list` (the frame's mentions in document order), is
 * now: its index, else the index of a mention over the same text (see
 * {@link isSameMentionText}) nearest to `near`; -1 when there is none. Cost: one pass over `list`.
 */
export function findMentionAgain(list: readonly PaintedMention[], old: PaintedMention, near = 0): number {
  const at = list.indexOf(old);
  if (at >= 0) return at;
  let best = -1;
  for (let i = 0; i < list.length; i++) {
    if (isSameMentionText(list[i]!, old) && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) best = i;
  }
  return best;
}

/**
 * A painted mention as the annotator keeps it: the highlight holds a StaticRange (a live Range
 * is updated by the browser on every DOM change anywhere in the document, which on a busy feed
 * with hundreds of mentions cost more main-thread time than our whole script); a live Range
 * is made on first use, for the few mentions a reader hovers or reaches by keyboard.
 */
class PaintedSpan implements PaintedMention {
  private live: Range | undefined;
  /** Taken out of the Highlights before its record was rescanned (see `unpaintEdited`). */
  unpainted = false;

  constructor(
    readonly mention: Mention,
    /**
     * What the highlight holds: a StaticRange, whose boundaries do not follow DOM changes (the
     * observer rescans); in Firefox a live Range for a span across text nodes (see
     * {@link AnnotatorOptions.liveRangesAcrossNodes}).
     */
    readonly paint: AbstractRange,
    readonly record: BlockRecord,
  ) {
    if (paint instanceof Range) this.live = paint;
  }

  get range(): Range {
    if (!this.live) {
      const p = this.paint;
      const range = p.startContainer.ownerDocument!.createRange();
      range.setStart(p.startContainer, p.startOffset);
      range.setEnd(p.endContainer, p.endOffset);
      this.live = range;
    }
    return this.live;
  }
}

/** A block of page text that holds at least one candidate, with what was painted for it. */
export interface BlockRecord {
  block: TextBlock;
  candidates: Candidate[];
  painted: PaintedSpan[];
  /** `entity:start:end` of the painted mentions, to skip repainting what did not change. */
  signature: string;
  /** Walk order: records of one scan are in document order. */
  seq: number;
  /** The record of the page block right before this one, when that block held candidates. */
  previous: BlockRecord | null;
  /** Up to {@link NEIGHBOUR_CHARS} of the page text right before / after the block. */
  textBefore: string;
  textAfter: string;
}

/** Options of the annotator; defaults suit a content script. */
export interface AnnotatorOptions {
  /** Longest stretch of scanning before yielding to the page, in ms (default 10). */
  sliceMs?: number;
  /**
   * Mutation records are batched until the next animation frame; this is the longest wait for
   * one, in ms (default 100: hidden tabs get no frames, and a page's long task may delay them).
   */
  mutationDelayMs?: number;
  /** Called after each repaint with every painted mention in document order. */
  onChange?: (mentions: PaintedMention[]) => void;
  /** Entities not to highlight (reader settings: "not this person", entity switches). */
  isHidden?: (entityId: EntityId) => boolean;
  /** Stops work when true (the content script was invalidated). */
  isInvalid?: () => boolean;
  /**
   * Hold a mention that spans text nodes ("<b>Robert</b> Mueller") as a live Range, not a
   * StaticRange (default false). For Firefox (153 ESR): after the page rewrote such a
   * paragraph while the first scan ran, it stopped drawing the paragraph's new StaticRange for
   * good (registered, connected, never painted); a live Range is drawn. Mentions within one
   * text node, nearly all of them, keep StaticRanges there too.
   */
  liveRangesAcrossNodes?: boolean;
}

/** Most custom elements without a shadow root watched for a late one (one `shadowRoot` read each per check). */
const MAX_WATCHED_HOSTS = 500;
/** How long after the last bare custom element was seen its kind are checked for a late shadow root, ms. */
const HOST_WATCH_MS = 30_000;
/**
 * Interval of the checks for late shadow roots, ms: a definition is seen within this (sooner
 * when the page changes anything else, which rescans). At most 500 `shadowRoot` reads each.
 */
const HOST_CHECK_MS = 500;

/** Text kept from each neighbouring block for event rules (actor and topic windows are ≤ 300). */
const NEIGHBOUR_CHARS = 320;
/**
 * The first scan of a page paints what it found once it has walked this many characters of
 * text and used up a slice (about three screens of article text; the top of the page, which
 * is what a reader sees at load), then again at its end: a long page shows its first
 * highlights without waiting for the whole walk. A page scanned within one slice paints once.
 * The early paint shows only mentions the rest of the page cannot overturn (a bare surname
 * that counts by page evidence waits: a namesake further down would void it).
 */
const EARLY_PAINT_CHARS = 10_000;

/** Nearest block-level ancestor (or the shadow root / document) of a node: the unit of rescanning. */
function blockContainerOf(node: Node): Node {
  for (let n: Node | null = node.nodeType === 1 ? node : node.parentNode; n; n = n.parentNode) {
    if (isBlockElement(n) || n.nodeType === 11 || n.nodeType === 9) return n;
  }
  return node;
}

/**
 * What a rescan walks: a block container (a block element, shadow root or document) with all
 * its text, or a run of a container's children (an inline change beside block-level siblings).
 */
type ScanUnit = Node | JoinedRun;

/** A run of siblings; made by `joinSiblings`, it lists its members, the block containers it joined. */
type JoinedRun = SiblingRun & { members?: Node[] };

const isRun = (unit: ScanUnit): unit is SiblingRun => 'first' in unit;

/**
 * The unit to rescan for a change at `node` (a changed text node, an added inline node, the
 * neighbour of a removed one): the run of the container's children around it, or the whole
 * container when that run is all its children (see `runAround`).
 */
function unitAround(node: Node): ScanUnit {
  const container = blockContainerOf(node);
  if (container === node) return container;
  let child = node;
  while (child.parentNode && child.parentNode !== container) child = child.parentNode;
  if (child.parentNode !== container) return container;
  return runAround(child) ?? container;
}

/** Calls `fn` on each sibling of a run, in order. */
function forEachInRun(run: SiblingRun, fn: (node: Node) => unknown): void {
  for (let n: Node | null = run.first; n; n = n === run.last ? null : n.nextSibling) fn(n);
}

/**
 * The units to walk for a set of changes, none inside another: a container inside another
 * container or inside a run's siblings is walked with it (shadow roots included: a walk enters
 * the open shadow roots it meets), and so is a run whose parent is inside a container. Runs of
 * one parent are equal or disjoint (see `runAround`): equal ones are walked once. Disconnected
 * units are left out.
 */
function outermost(units: readonly ScanUnit[]): ScanUnit[] {
  const containers = new Set<Node>();
  const runs = new Map<Node, SiblingRun>();
  for (const u of units) {
    if (!isRun(u)) {
      if (u.isConnected) containers.add(u);
    } else if (u.parent.isConnected && u.first.parentNode === u.parent) runs.set(u.first, u);
  }
  const keptRuns = [...runs.values()].filter((r) => !containers.has(r.parent) && !hasComposedAncestorIn(r.parent, containers));
  const members = new Set<Node>();
  for (const r of keptRuns) forEachInRun(r, (n) => members.add(n));
  const keptContainers = [...containers].filter((c) => !hasComposedAncestorIn(c, containers) && !members.has(c) && !hasComposedAncestorIn(c, members));
  return [...keptContainers, ...keptRuns];
}

/**
 * Walks block containers that are consecutive children of one parent as one run: a feed's
 * batch of 50 cards is one walk, not 50 (each walk sets up a TreeWalker, a skip query, an
 * ancestor check and its bookkeeping), and the cards' blocks are neighbours for event rules as
 * they are in a first scan of the page. Two containers are consecutive when only comments and
 * blank text lie between them (other text between them is a block of the parent: left alone).
 * Keeps the units' order otherwise.
 */
function joinSiblings(units: readonly ScanUnit[]): ScanUnit[] {
  const out: ScanUnit[] = [];
  let run: (JoinedRun & { members: Node[] }) | undefined;
  for (const unit of units) {
    if (!isRun(unit) && unit.nodeType === 1 && run && unit.parentNode === run.parent && follows(run.last, unit)) {
      run.last = unit;
      run.members.push(unit);
      continue;
    }
    if (run) out.push(run.first === run.last ? run.first : run);
    run = undefined;
    if (!isRun(unit) && unit.nodeType === 1 && unit.parentNode && isBlockElement(unit)) run = { parent: unit.parentNode, first: unit, last: unit, members: [unit] };
    else out.push(unit);
  }
  if (run) out.push(run.first === run.last ? run.first : run);
  return out;
}

/** True when `next` is a later sibling of `node` with only comments and blank text between them. */
function follows(node: Node, next: Node): boolean {
  for (let n = node.nextSibling; n; n = n.nextSibling) {
    if (n === next) return true;
    if (n.nodeType === 8) continue;
    if (n.nodeType !== 3 || /\S/.test((n as Text).data)) return false;
  }
  return false;
}

/** Our own UI in the page (the card's shadow host) never counts as page content. */
const isOurs = (node: Node) => node.nodeType === 1 && (node as Element).tagName.startsWith('FC-');

/**
 * Gives the page's own tasks (timers, input, rendering) a turn: a new macrotask through a
 * MessageChannel, which, unlike `setTimeout(0)`, is not clamped to 4 ms after a few nested
 * calls (that clamp cost ~130 ms of idle gaps on a 1.5 MB page). Not `scheduler.yield()`: its
 * continuation is prioritised over the page's queued tasks, so a long scan made of many short
 * slices starved the page's timers for seconds (large-page-main-thread case).
 */
export const yieldToPage: () => Promise<void> = (() => {
  if (typeof MessageChannel !== 'function') return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
})();

/** A StaticRange over the boundaries (a live Range where StaticRange is missing, e.g. happy-dom). */
function paintRange(doc: Document, b: StaticRangeInit): AbstractRange {
  return typeof StaticRange === 'function' ? new StaticRange(b) : liveRange(doc, b);
}

function liveRange(doc: Document, b: StaticRangeInit): Range {
  const range = doc.createRange();
  range.setStart(b.startContainer, b.startOffset);
  range.setEnd(b.endContainer, b.endOffset);
  return range;
}

/** Calls `fn` on every text node under `root`, open shadow roots under it included. */
function forEachText(root: Node, shadowRoots: readonly ShadowRoot[], fn: (t: Text) => void): void {
  if (root.nodeType === 3) {
    fn(root as Text);
    return;
  }
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument;
  if (!doc) return;
  const walker = doc.createTreeWalker(root, 0x4);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) fn(t as Text);
  const set = new Set([root]);
  for (const sr of shadowRoots) if (hasComposedAncestorIn(sr, set)) forEachText(sr, [], fn);
}

/** Scans, paints and follows one document (its open shadow roots included). */
export class Annotator {
  private readonly records = new Set<BlockRecord>();
  private recordsByNode = new WeakMap<Text, BlockRecord[]>();
  private observed = new WeakSet<Node>();
  /** Open shadow roots seen so far (observed for mutations; passed to caret hit-testing). */
  shadowRoots: ShadowRoot[] = [];
  private readonly observer: MutationObserver;
  private pendingContainers = new Set<Node>();
  /** Inline nodes that changed (or neighbour a removed one): rescanned as the run around them. */
  private pendingAnchors = new Set<Node>();
  private pendingRemoved: Node[] = [];
  /** The pending flush of mutation records: a frame callback and its fallback timer. */
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushFrame: number | undefined;
  /** The pending flush's callback (see {@link flushSoon}). */
  private flushRun: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private ordered: PaintedSpan[] = [];
  private readonly sliceMs: number;
  private readonly mutationDelayMs: number;
  private seq = 0;
  /** Records added or rescanned since the last repaint. */
  private fresh = new Set<BlockRecord>();
  /** Page-evidence key of the last repaint (see `resolveMentions`' `onEvidence`). */
  private evidenceKey = '';
  /** A painted record was dropped since the last repaint: the ordered list must be rebuilt. */
  private orderStale = false;
  /**
   * Painted spans taken off their records (dropped for a rescan, or repainted) since the last
   * swap: they stay in the Highlights until a repaint swaps them for the new ones all at once
   * (a sliced rescan of a large container would otherwise show it unhighlighted for frames).
   */
  private dropped: PaintedSpan[] = [];
  /** A scan is walking the page (nodes added now may be walked by it). */
  private scanning = false;
  /** Nodes added while no scan ran: no record can hold their text yet. */
  private unseen = new WeakSet<Node>();
  /** Some block of the page holds a name or an event word (see `walkContainers`). */
  private namesSeen = false;
  /** Records with `seq` below this came from the first full scan, so their order is document order. */
  private firstScanEnd = Infinity;
  /** Bumped by `stop()`: a repaint paused between slices gives up when it changed. */
  private generation = 0;
  /**
   * Custom elements seen without a shadow root (at most {@link MAX_WATCHED_HOSTS}): a late
   * definition may attach one (no mutation record says so). Checked at each rescan and every
   * {@link HOST_CHECK_MS} until {@link HOST_WATCH_MS} after the last one was added.
   */
  private bareHosts = new Set<Element>();
  private hostTimer: ReturnType<typeof setTimeout> | undefined;
  private hostWatchUntil = 0;

  /**
   * @param rules The recognition rules, compiled only when a block of the page may hold a name
   *   (a name-free page never compiles them).
   */
  constructor(
    private readonly doc: Document,
    private readonly rules: LazyRecognizer,
    private readonly painter: HighlightPainter,
    private readonly options: AnnotatorOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 10;
    this.mutationDelayMs = options.mutationDelayMs ?? 100;
    this.observer = new MutationObserver((mutations) => this.onMutations(mutations));
  }

  /** Every painted mention in document order (frames excluded: each frame has its own annotator). */
  get mentions(): readonly PaintedMention[] {
    return this.ordered;
  }

  /** Scans the whole document in slices, paints, and starts following mutations. */
  start(): Promise<void> {
    const root = this.doc.body ?? this.doc.documentElement;
    if (!root) return Promise.resolve();
    this.observe(this.doc);
    const generation = this.generation;
    return this.enqueue(async () => {
      await this.scanContainers([root], true);
      if (this.generation !== generation) return; // stopped (and maybe started again) meanwhile
      this.firstScanEnd = this.seq;
      await yieldToPage(); // the decisions and the paint get a task of their own
      if (this.generation !== generation || this.options.isInvalid?.()) return;
      await this.repaint();
    });
  }

  /** Stops observing and removes every highlight this annotator painted. */
  stop(): void {
    this.generation++;
    this.observer.disconnect();
    this.observed = new WeakSet();
    this.shadowRoots = [];
    this.cancelFlush();
    this.pendingContainers = new Set();
    this.pendingAnchors = new Set();
    this.pendingRemoved = [];
    if (this.hostTimer !== undefined) clearTimeout(this.hostTimer);
    this.hostTimer = undefined;
    this.bareHosts.clear();
    for (const record of this.records) this.detach(record);
    this.takeOutDropped();
    this.records.clear();
    this.recordsByNode = new WeakMap();
    this.fresh.clear();
    this.evidenceKey = '';
    this.namesSeen = false;
    this.ordered = [];
  }

  /** Re-decides every block (e.g. after a reader hid or showed an entity) without rescanning. */
  refresh(): Promise<void> {
    return this.enqueue(() => this.repaint(true));
  }

  /** The painted mentions of the blocks a text node belongs to (for hover hit-testing). */
  paintedIn(node: Node): readonly PaintedMention[] {
    if (node.nodeType !== 3) return [];
    const records = this.recordsByNode.get(node as Text);
    if (!records) return [];
    return records.length === 1 ? records[0]!.painted : records.flatMap((r) => r.painted);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.running = this.running.then(task).catch(() => undefined);
    return this.running;
  }

  private observe(root: Node): void {
    if (this.observed.has(root)) return;
    this.observed.add(root);
    if (root.nodeType === 11) this.shadowRoots.push(root as ShadowRoot);
    this.observer.observe(root, { childList: true, characterData: true, subtree: true });
  }

  /**
   * Walks blocks under each container in time slices and records blocks that hold candidates.
   * Open shadow roots are observed as the walk enters them, empty ones too: a component may
   * fill its shadow root later, a mutation no observer on the document sees.
   * @param earlyPaint The first scan: paints once early (see {@link EARLY_PAINT_CHARS}).
   */
  private async scanContainers(containers: ScanUnit[], earlyPaint = false): Promise<void> {
    this.scanning = true;
    try {
      await this.walkContainers(containers, this.generation, earlyPaint);
    } finally {
      this.scanning = false;
    }
  }

  /** The walk of {@link scanContainers}; gives up between slices once `stop()` bumped `generation`. */
  private async walkContainers(containers: ScanUnit[], generation: number, earlyPaint: boolean): Promise<void> {
    let deadline = performance.now() + this.sliceMs;
    const gone = () => this.generation !== generation || !!this.options.isInvalid?.();
    const pause = async (): Promise<boolean> => {
      if (performance.now() <= deadline) return true;
      await yieldToPage();
      if (gone()) return false;
      deadline = performance.now() + this.sliceMs;
      return true;
    };
    // Compiling the rules (~10–20 ms cold, once per page) gets a task of its own between two
    // yields: inside a scan slice it made that task run 50–90 ms (with the slice and a GC).
    const compileAlone = async (): Promise<boolean> => {
      await yieldToPage();
      if (gone()) return false;
      void this.rules.recognizer;
      await yieldToPage();
      if (gone()) return false;
      deadline = performance.now() + this.sliceMs;
      return true;
    };
    const onShadowRoot = (root: ShadowRoot) => this.observe(root);
    const onBareCustomElement = (el: Element) => this.watchHost(el);
    const retried = new Set<ScanUnit>();
    // Joined block containers (see joinSiblings) are walked again one by one, those still there:
    // their parent holds blocks that have records already (walking it would paint them twice).
    const retryMembers = (run: JoinedRun) => {
      for (const m of run.members ?? []) {
        if (m.parentNode !== run.parent || retried.has(m)) continue;
        retried.add(m);
        containers.push(m);
      }
    };
    let early = earlyPaint;
    let chars = 0;
    for (let i = 0; i < containers.length; i++) {
      const container = containers[i]!;
      if (isRun(container) ? container.first.parentNode !== container.parent || container.last.parentNode !== container.parent || !container.parent.isConnected : !container.isConnected) {
        // a run whose ends the page removed meanwhile: its joined containers still there, one by one
        if (isRun(container) && container.members) retryMembers(container);
        continue;
      }
      // Every block in walk order, with its record; blocks that cannot hold a name wait
      // (`deferred`) until the page is known to name someone: their cue and actor words matter
      // only then, and a page that names no one costs one native test per block.
      const entries: Array<{ block: TextBlock; record: BlockRecord | null; deferred: boolean }> = [];
      // Page neighbours and walk order of the entries not linked yet, once every block that
      // waited has its record (at the early paint, and at the end of the walk).
      let linked = 0;
      let previous: BlockRecord | null = null;
      let lastText = '';
      const link = async (): Promise<boolean> => {
        if (this.namesSeen) {
          for (const e of entries) {
            if (!e.deferred) continue;
            e.deferred = false;
            e.record = this.addBlock(e.block);
            if (!(await pause())) return false;
          }
        }
        // The record the early paint ended on learns its text after only now: decide it again
        // (a topic word there may make its recusal a mention).
        if (previous && linked < entries.length) this.fresh.add(previous);
        for (; linked < entries.length; linked++) {
          const { block, record } = entries[linked]!;
          if (previous) previous.textAfter = block.text.slice(0, NEIGHBOUR_CHARS);
          if (record) {
            record.previous = previous;
            record.textBefore = lastText;
            record.seq = this.seq++;
          }
          previous = record;
          lastText = block.text.length > NEIGHBOUR_CHARS ? block.text.slice(-NEIGHBOUR_CHARS) : block.text;
        }
        return true;
      };
      const walkOptions = { onShadowRoot, onBareCustomElement };
      const blocks = isRun(container) ? iterateRun(container, walkOptions) : iterateBlocks(container, walkOptions);
      let cut = false;
      for (let step = blocks.next(); ; step = blocks.next()) {
        if (step.done) {
          cut = step.value.cut;
          break;
        }
        const block = step.value;
        if (this.namesSeen || this.rules.mayHoldName(block.text)) {
          if (!this.rules.isCompiled && !(await compileAlone())) return;
          const record = this.addBlock(block);
          if (record && !this.namesSeen && holdsName(record.candidates)) this.namesSeen = true;
          entries.push({ block, record, deferred: false });
        } else entries.push({ block, record: null, deferred: true });
        chars += block.text.length;
        if (early && this.namesSeen && chars >= EARLY_PAINT_CHARS && performance.now() > deadline) {
          // the top of the page is walked and the scan is not over: paint what it found
          early = false;
          if (!(await link()) || !(await pause())) return;
          await this.repaint(false, true);
          if (gone()) return;
          deadline = 0; // the paint used the slice: yield before walking on
        }
        if (!(await pause())) return;
      }
      if (cut) {
        // The walk lost its place (the page removed the node it stood on while we yielded):
        // forget what it found there and walk that container again, once.
        for (const e of entries) if (e.record) this.dropRecord(e.record);
        if (isRun(container) && container.members) retryMembers(container);
        else if (!retried.has(container)) {
          // a run may have lost its bounds: walk its whole container again instead
          const again = isRun(container) ? container.parent : container;
          retried.add(again);
          containers.push(again);
        }
        continue;
      }
      if (!(await link())) return;
    }
  }

  private addBlock(block: TextBlock): BlockRecord | null {
    const candidates = findCandidates(block.text, this.rules.recognizer);
    if (!candidates.length) return null;
    const record: BlockRecord = { block, candidates, painted: [], signature: '', seq: this.seq++, previous: null, textBefore: '', textAfter: '' };
    this.records.add(record);
    this.fresh.add(record);
    for (const { node } of block.segments) {
      const list = this.recordsByNode.get(node);
      if (list) list.push(record);
      else this.recordsByNode.set(node, [record]);
    }
    return record;
  }

  private dropRecord(record: BlockRecord): void {
    if (!this.records.delete(record)) return;
    if (record.painted.length) this.orderStale = true;
    this.detach(record);
    this.fresh.delete(record);
    for (const { node } of record.block.segments) {
      const list = this.recordsByNode.get(node);
      if (!list) continue;
      const rest = list.filter((r) => r !== record);
      if (rest.length) this.recordsByNode.set(node, rest);
      else this.recordsByNode.delete(node);
    }
  }

  /** Takes a record's painted spans off it; they leave the Highlights at the next swap. */
  private detach(record: BlockRecord): void {
    this.dropped.push(...record.painted);
    record.painted = [];
    record.signature = '';
  }

  /** Deletes the detached spans from the Highlights (see {@link dropped}). */
  private takeOutDropped(): void {
    for (const p of this.dropped) this.painter.delete(p.mention.entityId, p.paint);
    this.dropped = [];
  }

  /**
   * Decides candidates with page-wide evidence and paints what changed. When the page-wide
   * evidence is what it was at the last repaint, only new records (and their neighbours, for
   * event rules) are decided: on a live feed each batch costs what it added, not the page.
   * Deciding and building the ranges yields to the page every {@link AnnotatorOptions.sliceMs}
   * (thousands of mentions take longer than one task should); the Highlights change only in the
   * last slice, all at once: Chromium rebuilds the markers of every registered range in each
   * frame after a highlight change, so ranges added slice by slice cost a rebuild per frame
   * (and showed a half-painted page). The ordered list and `onChange` follow the last slice.
   * @param force Decide and repaint every record (settings changed).
   * @param settledOnly The early paint of a first scan: only mentions the rest of the page
   *   cannot overturn (see `resolveMentions`), so none it shows leaves at the end of the scan.
   *   Its evidence key differs from any full pass's: the next repaint decides every record.
   */
  private async repaint(force = false, settledOnly = false): Promise<void> {
    const generation = this.generation;
    // The decisions below count into the first slice: the paint yields as soon as it is used up.
    let deadline = performance.now() + this.sliceMs;
    const records = [...this.records].sort((a, b) => a.seq - b.seq);
    const index = new Map(records.map((r, i) => [r, i]));
    const blocks = records.map((r) => ({
      text: r.block.text,
      candidates: r.candidates,
      previous: r.previous ? (index.get(r.previous) ?? null) : null,
      textBefore: r.textBefore,
      textAfter: r.textAfter,
    }));
    let key = '';
    let only: Set<number> | undefined;
    // A partial pass is possible only when there was a paint before and the page-wide evidence
    // is what it was then: only the fresh records and their neighbours are decided.
    const partial = !force && this.evidenceKey !== '';
    const onlyFor = (k: string): Set<number> | undefined => {
      key = k;
      if (!partial || k !== this.evidenceKey) return undefined;
      only = new Set();
      for (const r of this.fresh) {
        const i = index.get(r);
        if (i === undefined) continue;
        only.add(i);
        if (i > 0 && blocks[i]!.previous === i - 1) only.add(i - 1);
        if (i + 1 < blocks.length && blocks[i + 1]!.previous === i) only.add(i + 1);
      }
      return only;
    };
    // No record, nothing to decide: a name-free page leaves the rules uncompiled.
    const decided = records.length ? resolveMentions(blocks, this.rules.recognizer, { onlyFor, settledOnly }) : [];
    this.fresh.clear();
    this.evidenceKey = key;
    const changedRecords: BlockRecord[] = [];
    /** Shadow roots holding a new paint (the document has our rules from the manifest). */
    const shadowRoots = new Set<ShadowRoot>();
    // Spans to put into the Highlights when the last slice is done (the ones they replace wait
    // in `dropped`).
    const painted: PaintedSpan[] = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (only && !only.has(i)) continue;
      if (performance.now() > deadline) {
        await yieldToPage();
        // Records are dropped only by queued tasks (this one runs alone) and by stop(): a stop
        // between slices is the one change to look for. The detached spans still leave.
        if (this.generation !== generation || this.options.isInvalid?.()) {
          this.takeOutDropped();
          return;
        }
        deadline = performance.now() + this.sliceMs;
      }
      const mentions = (decided[i] ?? []).filter((m) => !this.options.isHidden?.(m.entityId));
      let signature = mentions.map((m) => `${m.entityId}:${m.start}:${m.end}`).join(',');
      if (!force && signature === record.signature) continue;
      changedRecords.push(record);
      this.detach(record);
      for (const mention of mentions) {
        // The page edited this text since the walk read it: a range from the old offsets would
        // tint other characters. The rescan that edit queued paints it (decided again then).
        if (!spanIsCurrent(record.block, mention.start, mention.end)) {
          signature = '';
          continue;
        }
        let paint: AbstractRange;
        try {
          const b = spanBoundaries(record.block, mention.start, mention.end);
          paint = this.options.liveRangesAcrossNodes && b.startContainer !== b.endContainer ? liveRange(this.doc, b) : paintRange(this.doc, b);
        } catch {
          continue; // the block's nodes changed under us; the pending mutation rescans it
        }
        const span = new PaintedSpan(mention, paint, record);
        record.painted.push(span);
        painted.push(span);
        const root = paint.startContainer.getRootNode();
        if (root.nodeType === 11) shadowRoots.add(root as ShadowRoot);
      }
      record.signature = signature;
    }
    this.takeOutDropped();
    // a span the page edited while this paint paused between slices was taken off its record
    // (`unpaintEdited`): it must not reach the Highlights, where nothing would take it out
    for (const p of painted) if (!p.unpainted) this.painter.add(p.mention.entityId, p.paint);
    for (const root of shadowRoots) this.painter.styleRoot(root);
    if (!changedRecords.length && !force && !this.orderStale) return;
    this.orderStale = false;
    this.ordered = this.order(records, changedRecords);
    this.options.onChange?.(this.ordered);
  }

  /**
   * Painted mentions in document order. Records of one scan come in walk order; records added
   * by later rescans are placed by comparing their ranges with the others (binary search).
   */
  private order(records: BlockRecord[], changed: BlockRecord[]): PaintedSpan[] {
    // Records of the first scan alone (its early paint's too) come in walk order: document order.
    if (records.every((r) => r.seq < this.firstScanEnd)) return records.flatMap((r) => r.painted);
    const changedSet = new Set(changed);
    const kept = this.ordered.filter((p) => !p.unpainted && this.records.has(p.record) && !changedSet.has(p.record));
    if (!kept.length) return records.flatMap((r) => r.painted).sort((a, b) => compareRanges(a.paint, b.paint));
    // new paints in walk order, then merged into the kept list one by one
    const added = records.filter((r) => changedSet.has(r)).flatMap((r) => r.painted);
    const out = kept;
    for (const p of added) {
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareRanges(out[mid]!.paint, p.paint) <= 0) lo = mid + 1;
        else hi = mid;
      }
      out.splice(lo, 0, p);
    }
    return out;
  }

  /** Watches a custom element that has no shadow root yet (see {@link bareHosts}). */
  private watchHost(el: Element): void {
    if (this.bareHosts.has(el) || this.bareHosts.size >= MAX_WATCHED_HOSTS) return;
    this.bareHosts.add(el);
    this.hostWatchUntil = performance.now() + HOST_WATCH_MS;
    if (this.hostTimer === undefined) this.hostTimer = setTimeout(() => this.onHostTimer(), HOST_CHECK_MS);
  }

  private onHostTimer(): void {
    this.hostTimer = undefined;
    if (this.options.isInvalid?.()) return;
    if (this.checkHosts() && !this.flushTimer) this.scheduleFlush();
    if (!this.bareHosts.size || performance.now() > this.hostWatchUntil) {
      this.bareHosts.clear();
      return;
    }
    this.hostTimer = setTimeout(() => this.onHostTimer(), HOST_CHECK_MS);
  }

  /**
   * Watched custom elements that now have a shadow root (a late definition upgraded them), or
   * that left the page, leave the watch; the first are queued for a rescan with their shadow
   * root. @returns Whether a rescan was queued.
   */
  private checkHosts(): boolean {
    let found = false;
    for (const el of this.bareHosts) {
      if (!el.isConnected) {
        this.bareHosts.delete(el);
        continue;
      }
      const root = (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
      if (!root) continue;
      this.bareHosts.delete(el);
      this.observe(root);
      this.pendingAnchors.add(el);
      found = true;
    }
    return found;
  }

  private onMutations(mutations: MutationRecord[]): void {
    let painted = false;
    for (const m of mutations) {
      if (m.type === 'characterData') {
        this.pendingAnchors.add(m.target);
        if (this.unpaintEdited(m.target as Text)) painted = true;
        continue;
      }
      const added = Array.from(m.addedNodes).filter((n) => !isOurs(n));
      const removed = Array.from(m.removedNodes).filter((n) => !isOurs(n));
      if (!added.length && !removed.length) continue;
      this.pendingRemoved.push(...removed);
      // The change is inside an inline element: the run around that element. Directly in a
      // block container: a new block-level subtree is scanned alone, new inline nodes with
      // the run they join, and a removal rescans the inline neighbours it may have joined
      // (removing a <br> or a <div> between two texts makes them one block).
      const inContainer = blockContainerOf(m.target) === m.target;
      if (!inContainer) this.pendingAnchors.add(m.target);
      for (const node of added) {
        if (!this.scanning) this.unseen.add(node);
        if (isBlockElement(node)) this.pendingContainers.add(node);
        else if (inContainer) this.pendingAnchors.add(node);
      }
      if (removed.length && inContainer) {
        for (const n of [m.previousSibling, m.nextSibling]) if (n && !isBlockElement(n)) this.pendingAnchors.add(n);
      }
    }
    if ((this.pendingContainers.size || this.pendingAnchors.size || this.pendingRemoved.length) && !this.flushTimer) this.scheduleFlush();
    if (painted) this.flushSoon();
  }

  /**
   * Takes out of the Highlights, at once, the painted spans of an edited text node that no
   * longer cover the text they were painted on (an insertion before them shifted it; a static
   * range does not follow). The rescan the edit queued paints the node again, but it may wait
   * behind a running scan (the first scan of a long page takes hundreds of ms), and until then
   * such a span would tint the wrong characters. Spans over unchanged characters (text appended
   * after them) stay, and so does the order of the rest.
   * @returns Whether a painted span touches the node (its rescan should not wait for a frame).
   */
  private unpaintEdited(node: Text): boolean {
    const records = this.recordsByNode.get(node);
    if (!records) return false;
    let touched = false;
    for (const record of records) {
      let kept: PaintedSpan[] | undefined;
      record.painted.forEach((p, i) => {
        if (p.paint.startContainer === node || p.paint.endContainer === node) {
          touched = true;
          if (!spanIsCurrent(record.block, p.mention.start, p.mention.end)) {
            kept ??= record.painted.slice(0, i);
            this.painter.delete(p.mention.entityId, p.paint);
            p.unpainted = true;
            return;
          }
        }
        kept?.push(p);
      });
      if (!kept) continue;
      record.painted = kept;
      record.signature = ''; // decided again when the rescan keeps this record
      this.orderStale = true;
    }
    return touched;
  }

  /**
   * Rescans what changed at the start of the next animation frame, the frame that renders the
   * page's change: our highlight updates land in that same frame. (A timer rescan changed the
   * highlights a frame later, and Chromium rebuilds the markers of every registered range in
   * each frame that follows a DOM or highlight change, so each batch of a live feed cost two
   * rebuilds instead of one.) The timer is the fallback where no frame comes (hidden tabs).
   */
  private scheduleFlush(): void {
    const generation = this.generation;
    const run = () => {
      if (this.flushTimer === undefined) return; // already run (by an urgent flush)
      this.cancelFlush();
      // a flush queued behind a task that stopped the annotator must not scan again
      void this.enqueue(() => (this.generation === generation ? this.flushMutations() : Promise.resolve()));
    };
    this.flushRun = run;
    this.flushTimer = setTimeout(run, this.mutationDelayMs);
    const view = this.doc.defaultView;
    if (view && typeof view.requestAnimationFrame === 'function') this.flushFrame = view.requestAnimationFrame(run);
  }

  /**
   * Runs the pending flush in a microtask, before the browser renders again: for an edit of text
   * that holds a highlight, whose static range would otherwise tint the wrong characters in the
   * frame that shows the edit (a page editing text in its own animation-frame callback renders
   * it before our next frame callback).
   */
  private flushSoon(): void {
    const run = this.flushRun;
    if (run) queueMicrotask(run);
  }

  private cancelFlush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    if (this.flushFrame !== undefined) this.doc.defaultView?.cancelAnimationFrame(this.flushFrame);
    this.flushTimer = undefined;
    this.flushFrame = undefined;
    this.flushRun = undefined;
  }

  /** Records that hold a text node of `root`'s subtree. Cost: the subtree's size. */
  private recordsUnder(root: Node, into: Set<BlockRecord>): void {
    forEachText(root, this.shadowRoots, (t) => {
      const list = this.recordsByNode.get(t);
      if (list) for (const r of list) into.add(r);
    });
  }

  private async flushMutations(): Promise<void> {
    if (this.options.isInvalid?.()) return;
    if (this.bareHosts.size) this.checkHosts();
    const removed = this.pendingRemoved;
    const containers = new Set(this.pendingContainers);
    const anchors = this.pendingAnchors;
    this.pendingContainers = new Set();
    this.pendingAnchors = new Set();
    this.pendingRemoved = [];
    // A record is stale when one of its nodes left the page, or was removed and put back
    // elsewhere (a component moving its light DOM into its shadow root): rescan where it is now.
    // Only records under removed subtrees can be: the cost follows the change, not the page.
    const stale = new Set<BlockRecord>();
    for (const node of removed) this.recordsUnder(node, stale);
    for (const record of stale) {
      for (const { node } of record.block.segments) if (node.isConnected) anchors.add(node);
      this.dropRecord(record);
    }
    // Inline changes rescan the run of siblings around them, or their container (see unitAround).
    const units: ScanUnit[] = [...containers];
    for (const anchor of anchors) if (anchor.isConnected) units.push(unitAround(anchor));
    let roots = outermost(units);
    const old = new Set<BlockRecord>();
    const covered = new Set<Node>();
    const cover = (unit: ScanUnit) => (isRun(unit) ? forEachInRun(unit, (n) => covered.add(n)) : covered.add(unit));
    roots.forEach(cover);
    const isCovered = (node: Node) => covered.has(node) || hasComposedAncestorIn(node, covered);
    for (let k = 0; k < roots.length; k++) {
      const root = roots[k]!;
      const found = new Set<BlockRecord>();
      if (!isRun(root)) {
        if (!this.unseen.has(root)) this.recordsUnder(root, found);
      } else forEachInRun(root, (n) => !this.unseen.has(n) && this.recordsUnder(n, found));
      // A record may reach past the unit when the page moved a block boundary (a late shadow
      // root, a new block element inside a run): its text outside is rescanned too, or lost.
      for (const record of found) {
        old.add(record);
        for (const { node } of record.block.segments) {
          if (!node.isConnected || isCovered(node)) continue;
          const unit = unitAround(node);
          roots.push(unit);
          cover(unit);
        }
      }
    }
    roots = joinSiblings(outermost(roots));
    this.unseen = new WeakSet();
    for (const record of old) this.dropRecord(record);
    const hadNames = this.namesSeen;
    const generation = this.generation;
    await this.scanContainers(roots);
    const root = this.doc.body ?? this.doc.documentElement;
    if (!hadNames && this.namesSeen && root && this.generation === generation) {
      // The first name on a page that had none: the blocks passed over before (their cue and
      // actor words) count now. Once per page.
      for (const record of [...this.records]) this.dropRecord(record);
      await this.scanContainers([root]);
    }
    if (this.generation === generation) await this.repaint();
  }
}

/**
 * True when an ancestor of `node`, walking up through shadow-root hosts, is in `set`.
 * `Node.contains` stops at shadow boundaries; this does not.
 */
function hasComposedAncestorIn(node: Node, set: ReadonlySet<Node>): boolean {
  for (let n: Node | null = parentOrHost(node); n; n = parentOrHost(n)) {
    if (set.has(n)) return true;
  }
  return false;
}

function parentOrHost(node: Node): Node | null {
  return node.nodeType === 11 ? ((node as ShadowRoot).host ?? null) : node.parentNode;
}

/**
 * Document order of two ranges' starts, without making live Ranges; ranges in different trees
 * (shadow roots) compare by their hosts' positions.
 */
function compareRanges(a: AbstractRange, b: AbstractRange): number {
  const na = a.startContainer;
  const nb = b.startContainer;
  if (na === nb) return a.startOffset - b.startOffset;
  const pos = na.compareDocumentPosition(nb);
  if (!(pos & Node.DOCUMENT_POSITION_DISCONNECTED)) {
    if (pos & Node.DOCUMENT_POSITION_CONTAINED_BY) return -1; // b's node is inside a's: a starts first
    if (pos & Node.DOCUMENT_POSITION_CONTAINS) return 1;
    return pos & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  }
  const ha = hostChain(na);
  const hb = hostChain(nb);
  if (ha === hb) return 0;
  const hp = ha.compareDocumentPosition(hb);
  return hp & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : hp & Node.DOCUMENT_POSITION_PRECEDING ? 1 : 0;
}

function hostChain(node: Node): Node {
  let n = node;
  for (let root = n.getRootNode(); root.nodeType === 11; root = n.getRootNode()) n = (root as ShadowRoot).host;
  return n;
}

/** The summary of painted mentions sent to the background (badge, popup list). */
export function summarize(mentions: readonly PaintedMention[]): MentionSummary[] {
  return mentions.map(({ mention, record }) => ({
    entityId: mention.entityId,
    text: record.block.text.slice(mention.start, mention.end).replace(/\s+/g, ' '),
    why: mention.why,
    selector: textQuoteSelector(record.block.text, mention.start, mention.end),
  }));
}
