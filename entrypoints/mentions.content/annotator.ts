/**
 * The page annotator: walks the page's text in time slices, finds mentions with the core
 * matcher, keeps one record per block that holds candidates, paints highlights, and follows
 * live pages through a MutationObserver that rescans only what changed.
 *
 * Nothing here changes the page's DOM: ranges are painted with the CSS Custom Highlight API.
 */
import { findCandidates, resolveMentions, type Candidate, type Recognizer } from '@/core/match';
import { textQuoteSelector } from '@/core/selector';
import type { EntityId, Mention } from '@/core/types';
import type { MentionSummary } from '@/messaging/protocol';
import { isBlockElement, iterateBlocks, rangeForSpan, type TextBlock } from '@/scanner/blocks';
import type { HighlightPainter } from './highlight';

/** One painted mention: its match, its live DOM range, and the block it came from. */
export interface PaintedMention {
  mention: Mention;
  range: Range;
  record: BlockRecord;
}

/** A block of page text that holds at least one candidate, with what was painted for it. */
export interface BlockRecord {
  block: TextBlock;
  candidates: Candidate[];
  painted: PaintedMention[];
  /** `entity:start:end` of the painted mentions, to skip repainting what did not change. */
  signature: string;
}

/** Options of the annotator; defaults suit a content script. */
export interface AnnotatorOptions {
  /** Longest stretch of scanning before yielding to the page, in ms (default 8). */
  sliceMs?: number;
  /** Delay that batches mutation records before a rescan, in ms (default 16: about one frame). */
  mutationDelayMs?: number;
  /** Called after each repaint with every painted mention in document order. */
  onChange?: (mentions: PaintedMention[]) => void;
  /** Entities not to highlight (reader settings: "not this person", entity switches). */
  isHidden?: (entityId: EntityId) => boolean;
  /** Stops work when true (the content script was invalidated). */
  isInvalid?: () => boolean;
}

/** Nearest block-level ancestor (or the shadow root / document) of a node: the unit of rescanning. */
function blockContainerOf(node: Node): Node {
  for (let n: Node | null = node.nodeType === 1 ? node : node.parentNode; n; n = n.parentNode) {
    if (isBlockElement(n) || n.nodeType === 11 || n.nodeType === 9) return n;
  }
  return node;
}

/** Our own UI in the page (the card's shadow host) never counts as page content. */
const isOurs = (node: Node) => node.nodeType === 1 && (node as Element).tagName.startsWith('FC-');

/**
 * Gives the page's own tasks (timers, input, rendering) a turn. Not `scheduler.yield()`: its
 * continuation is prioritised over the page's queued tasks, so a long scan made of many short
 * slices still starved the page's timers for seconds (large-page-main-thread case). A
 * macrotask goes to the back of the queue.
 */
const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Scans, paints and follows one document (its open shadow roots included). */
export class Annotator {
  private readonly records = new Set<BlockRecord>();
  private readonly recordByNode = new WeakMap<Text, BlockRecord>();
  private observed = new WeakSet<Node>();
  /** Open shadow roots seen so far (observed for mutations; passed to caret hit-testing). */
  shadowRoots: ShadowRoot[] = [];
  private readonly observer: MutationObserver;
  private pendingContainers = new Set<Node>();
  private pendingRemoved: Node[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private ordered: PaintedMention[] = [];
  private readonly sliceMs: number;
  private readonly mutationDelayMs: number;

  constructor(
    private readonly doc: Document,
    private readonly recognizer: Recognizer,
    private readonly painter: HighlightPainter,
    private readonly options: AnnotatorOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 8;
    this.mutationDelayMs = options.mutationDelayMs ?? 16;
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
    return this.enqueue(async () => {
      await this.scanContainers([root]);
      this.repaint();
    });
  }

  /** Stops observing and removes every highlight this annotator painted. */
  stop(): void {
    this.observer.disconnect();
    this.observed = new WeakSet();
    this.shadowRoots = [];
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const record of this.records) this.unpaint(record);
    this.records.clear();
    this.ordered = [];
  }

  /** Re-decides every block (e.g. after a reader hid or showed an entity) without rescanning. */
  refresh(): Promise<void> {
    return this.enqueue(async () => this.repaint(true));
  }

  /** Finds the painted mention under a text node, if any (for hover hit-testing). */
  paintedIn(node: Node): PaintedMention[] {
    return node.nodeType === 3 ? (this.recordByNode.get(node as Text)?.painted ?? []) : [];
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
   * Observes every open shadow root under `container`, even empty ones: a component may fill
   * its shadow root later, a mutation no observer on the document sees.
   */
  private observeShadowRoots(container: Node): void {
    const walker = this.doc.createTreeWalker(container, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.currentNode as Element | null; el; el = walker.nextNode() as Element | null) {
      const shadow = el.shadowRoot;
      if (shadow && !this.observed.has(shadow)) {
        this.observe(shadow);
        this.observeShadowRoots(shadow);
      }
    }
  }

  /** Walks blocks under each container in time slices; records blocks that hold candidates. */
  private async scanContainers(containers: Node[]): Promise<void> {
    let deadline = performance.now() + this.sliceMs;
    for (const container of containers) {
      if (!container.isConnected) continue;
      this.observeShadowRoots(container);
      for (const block of iterateBlocks(container)) {
        this.addBlock(block);
        if (performance.now() > deadline) {
          await yieldToPage();
          if (this.options.isInvalid?.()) return;
          deadline = performance.now() + this.sliceMs;
        }
      }
    }
  }

  private addBlock(block: TextBlock): void {
    const first = block.segments[0];
    if (first) {
      const root = first.node.getRootNode();
      if (root !== this.doc && root.nodeType === 11) this.observe(root); // an open shadow root
    }
    const candidates = findCandidates(block.text, this.recognizer);
    if (!candidates.length) return;
    const record: BlockRecord = { block, candidates, painted: [], signature: '' };
    this.records.add(record);
    for (const { node } of block.segments) this.recordByNode.set(node, record);
  }

  private dropRecord(record: BlockRecord): void {
    this.unpaint(record);
    this.records.delete(record);
    for (const { node } of record.block.segments) {
      if (this.recordByNode.get(node) === record) this.recordByNode.delete(node);
    }
  }

  private unpaint(record: BlockRecord): void {
    for (const p of record.painted) this.painter.delete(p.mention.entityId, p.range);
    record.painted = [];
    record.signature = '';
  }

  /** Decides every candidate with page-wide evidence and paints what changed. */
  private repaint(force = false): void {
    const records = [...this.records];
    const decided = resolveMentions(
      records.map((r) => ({ text: r.block.text, candidates: r.candidates })),
      this.recognizer,
    );
    let changed = force;
    const roots = new Set<Document | ShadowRoot>();
    records.forEach((record, i) => {
      const mentions = (decided[i] ?? []).filter((m) => !this.options.isHidden?.(m.entityId));
      const signature = mentions.map((m) => `${m.entityId}:${m.start}:${m.end}`).join(',');
      if (!force && signature === record.signature) return;
      changed = true;
      this.unpaint(record);
      for (const mention of mentions) {
        let range: Range;
        try {
          range = rangeForSpan(record.block, mention.start, mention.end, this.doc);
        } catch {
          continue; // the block's nodes changed under us; the pending mutation rescans it
        }
        this.painter.add(mention.entityId, range);
        record.painted.push({ mention, range, record });
        const root = range.startContainer.getRootNode();
        if (root.nodeType === 9 || root.nodeType === 11) roots.add(root as Document | ShadowRoot);
      }
      record.signature = signature;
    });
    for (const root of roots) this.painter.styleRoot(root);
    if (!changed) return;
    this.ordered = records
      .flatMap((r) => r.painted)
      .sort((a, b) => compareRanges(a.range, b.range));
    this.options.onChange?.(this.ordered);
  }

  private onMutations(mutations: MutationRecord[]): void {
    for (const m of mutations) {
      if (m.type === 'characterData') {
        this.pendingContainers.add(blockContainerOf(m.target));
        continue;
      }
      const added = Array.from(m.addedNodes).filter((n) => !isOurs(n));
      const removed = Array.from(m.removedNodes).filter((n) => !isOurs(n));
      if (!added.length && !removed.length) continue;
      this.pendingRemoved.push(...removed);
      for (const node of added) {
        // A new block-level subtree is scanned alone; new inline text may join its neighbours.
        this.pendingContainers.add(isBlockElement(node) ? node : blockContainerOf(m.target));
      }
      if (removed.some((n) => !isBlockElement(n))) this.pendingContainers.add(blockContainerOf(m.target));
    }
    if ((this.pendingContainers.size || this.pendingRemoved.length) && !this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        void this.enqueue(() => this.flushMutations());
      }, this.mutationDelayMs);
    }
  }

  private async flushMutations(): Promise<void> {
    if (this.options.isInvalid?.()) return;
    const removed = this.pendingRemoved;
    const containers = new Set(this.pendingContainers);
    this.pendingContainers = new Set();
    this.pendingRemoved = [];
    // A record is stale when one of its nodes left the page, or was removed and put back
    // elsewhere (a component moving its light DOM into its shadow root): rescan where it is now.
    const wasRemoved = (node: Node) => removed.some((r) => r === node || r.contains(node));
    for (const record of [...this.records]) {
      const moved = record.block.segments.filter(({ node }) => node.isConnected && wasRemoved(node));
      for (const { node } of moved) containers.add(blockContainerOf(node));
      if (moved.length || record.block.segments.some(({ node }) => !node.isConnected)) this.dropRecord(record);
    }
    const live = new Set([...containers].filter((c) => c.isConnected));
    // Outermost containers only: a container inside another (shadow roots included: a rescan
    // of a host's block walks into its open shadow root) is rescanned with it.
    const roots = [...live].filter((c) => !hasComposedAncestorIn(c, live));
    const rootSet = new Set(roots);
    for (const record of [...this.records]) {
      if (record.block.segments.some(({ node }) => hasComposedAncestorIn(node, rootSet, true))) this.dropRecord(record);
    }
    await this.scanContainers(roots);
    this.repaint();
  }
}

/**
 * True when an ancestor of `node` (or `node` itself when `inclusive`), walking up through
 * shadow-root hosts, is in `set`. `Node.contains` stops at shadow boundaries; this does not.
 */
function hasComposedAncestorIn(node: Node, set: ReadonlySet<Node>, inclusive = false): boolean {
  for (let n: Node | null = inclusive ? node : parentOrHost(node); n; n = parentOrHost(n)) {
    if (set.has(n)) return true;
  }
  return false;
}

function parentOrHost(node: Node): Node | null {
  return node.nodeType === 11 ? ((node as ShadowRoot).host ?? null) : node.parentNode;
}

/** Document order of two ranges; ranges in different trees (shadow roots) compare by host position. */
function compareRanges(a: Range, b: Range): number {
  try {
    return a.compareBoundaryPoints(Range.START_TO_START, b);
  } catch {
    const ha = hostChain(a.startContainer);
    const hb = hostChain(b.startContainer);
    const pos = ha.compareDocumentPosition(hb);
    return pos & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : pos & Node.DOCUMENT_POSITION_PRECEDING ? 1 : 0;
  }
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
