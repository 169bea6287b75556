/**
 * Scans saved HTML pages offline and prints the mentions the extension would annotate.
 *
 *   npm run scan -- FILE_OR_DIR... [--json]
 *
 * Each page is parsed by happy-dom with scripts, resource loading, navigation and computed
 * styles off, then run through the same code as the content script: `iterateBlocks` over
 * `document.body`, `findCandidates` per block, `resolveMentions` per page. Without `--json`
 * it prints one line per mention with its reason; with `--json` it prints
 * `{"pages":[{"id","mentions":[{"entity","text","before","after"}]}]}` for the corpus scorer,
 * where before/after are up to 40 characters of the corpus text model (every text node under
 * <body> joined in document order, whitespace runs collapsed) and a compound mention such as
 * "Sessions’ recusal" is emitted as its parts, the way the corpus labels it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Window } from 'happy-dom';
import rulesJson from '../data/pack/recognition.json' with { type: 'json' };
import { compileRecognizer } from '../core/compile';
import { findCandidates, resolveMentions, type Recognizer, type ResolvedMention } from '../core/match';
import { parseRecognitionRules } from '../core/recognition';
import { collectBlocks, type TextBlock } from '../scanner/blocks';

/** A mention in corpus form: entity, exact text and up to 40 characters of context each side. */
export interface PageMention {
  entity: string;
  text: string;
  before: string;
  after: string;
  /** Human reason (not part of the scorer's format). */
  why?: string;
}

/** Scan result of one page. */
export interface PageResult {
  id: string;
  mentions: PageMention[];
}

/**
 * Decodes page bytes the way a browser does for a file without HTTP headers (and the way the
 * corpus tools do): BOM, then a `<meta charset>` in the first 1024 bytes, then UTF-8 if valid,
 * else windows-1252.
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)/i.exec(head);
  if (m) {
    let label = m[1]!.toLowerCase();
    if (label.startsWith('utf-16')) label = 'utf-8';
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      /* unknown label: fall through */
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Elements the corpus text model skips (tools/text.mjs SKIPPED_ELEMENTS). */
const CORPUS_SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'IFRAME', 'NOEMBED', 'NOFRAMES']);

/** JS `\s` (what the corpus' collapse() treats as whitespace). */
function isJsSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * The corpus text model of a body: raw offsets of each text node, and the collapsed text with
 * a raw → collapsed offset map (`map[i]` = collapsed offset of raw character i).
 */
export class CorpusText {
  readonly nodeOffset = new Map<Node, number>();
  readonly collapsed: string;
  private readonly map: Int32Array;

  constructor(body: Node) {
    const parts: string[] = [];
    let length = 0;
    const stack: Node[] = [body];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.nodeType === 3) {
        this.nodeOffset.set(node, length);
        const data = (node as Text).data;
        parts.push(data);
        length += data.length;
        continue;
      }
      if (node.nodeType === 1 && node !== body && CORPUS_SKIPPED.has((node as Element).tagName)) continue;
      for (let c = node.lastChild; c; c = c.previousSibling) stack.push(c);
    }
    const raw = parts.join('');
    this.map = new Int32Array(raw.length + 1);
    const out: string[] = [];
    let n = 0;
    let pendingSpace = false;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (isJsSpace(c)) {
        if (n > 0) pendingSpace = true;
        this.map[i] = n;
        continue;
      }
      if (pendingSpace) {
        out.push(' ');
        n++;
        pendingSpace = false;
      }
      this.map[i] = n;
      out.push(raw[i]!);
      n++;
    }
    this.map[raw.length] = n;
    this.collapsed = out.join('');
  }

  /** Collapsed [start, end) of a block span, or null when its nodes are outside the model. */
  span(block: TextBlock, start: number, end: number): { start: number; end: number } | null {
    const at = (offset: number, isEnd: boolean): number | null => {
      let seg = block.segments[0]!;
      for (const s of block.segments) {
        if (s.start < offset || (!isEnd && s.start === offset)) seg = s;
        else break;
      }
      const base = this.nodeOffset.get(seg.node);
      if (base === undefined) return null;
      return base + offset - seg.start;
    };
    const rs = at(start, false);
    const re = at(end, true);
    if (rs === null || re === null) return null;
    return { start: this.map[rs]!, end: this.map[re - 1]! + 1 };
  }
}

let cachedRecognizer: Recognizer | undefined;
/** The recognizer compiled once from data/pack/recognition.json. */
export function packRecognizer(): Recognizer {
  return (cachedRecognizer ??= compileRecognizer(parseRecognitionRules(rulesJson)));
}

const windowSettings = {
  disableJavaScriptFileLoading: true,
  disableJavaScriptEvaluation: true,
  disableCSSFileLoading: true,
  disableIframePageLoading: true,
  disableComputedStyleRendering: true,
  handleDisabledFileLoadingAsSuccess: true,
  navigation: {
    disableMainFrameNavigation: true,
    disableChildFrameNavigation: true,
    disableChildPageNavigation: true,
    disableFallbackToSetURL: true,
  },
};

/**
 * Scans one HTML document (markup already decoded) and returns its mentions in corpus form.
 * @param id Page id to report (file name without `.html`).
 * @param html The page markup.
 * @param options `parts: true` (default) splits compound mentions into their parts.
 */
export function scanHtml(id: string, html: string, options: { parts?: boolean } = {}): PageResult & { resolved: ResolvedMention[][]; blocks: TextBlock[] } {
  const window = new Window({ url: 'http://127.0.0.1/', settings: windowSettings });
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    const body = doc.body;
    const recognizer = packRecognizer();
    const blocks = body ? collectBlocks(body) : [];
    const resolved = resolveMentions(
      blocks.map((b) => ({ text: b.text, candidates: findCandidates(b.text, recognizer) })),
      recognizer,
    );
    const model = body ? new CorpusText(body) : null;
    const mentions: PageMention[] = [];
    resolved.forEach((list, bi) => {
      const block = blocks[bi]!;
      for (const m of list) {
        const pieces = options.parts !== false && m.parts ? m.parts : [m];
        for (const p of pieces) {
          const span = model?.span(block, p.start, p.end);
          if (!model || !span) {
            mentions.push({ entity: p.entityId, text: block.text.slice(p.start, p.end), before: '', after: '', why: m.why });
            continue;
          }
          const c = model.collapsed;
          mentions.push({
            entity: p.entityId,
            text: c.slice(span.start, span.end),
            before: c.slice(Math.max(0, span.start - 40), span.start),
            after: c.slice(span.end, span.end + 40),
            why: m.why,
          });
        }
      }
    });
    return { id, mentions, resolved, blocks };
  } finally {
    void window.happyDOM.close();
  }
}

/** Expands files and directories into .html/.htm files, sorted. */
export function listPages(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (/\.html?$/i.test(name)) files.push(join(p, name));
    } else files.push(p);
  }
  return files;
}

/** Scans the given files/directories. */
export function scanPaths(paths: string[]): PageResult[] {
  return listPages(paths).map((file) => {
    const { id, mentions } = scanHtml(basename(file).replace(/\.html?$/i, ''), decodeHtml(readFileSync(file)));
    return { id, mentions };
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const paths = args.filter((a) => !a.startsWith('--'));
  if (!paths.length) {
    console.error('usage: npm run scan -- FILE_OR_DIR... [--json]');
    process.exit(2);
  }
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    console.error(`scan: no such file or folder: ${missing.join(', ')}`);
    process.exit(2);
  }
  const pages = scanPaths(paths);
  if (json) {
    const out = { pages: pages.map((p) => ({ id: p.id, mentions: p.mentions.map(({ entity, text, before, after }) => ({ entity, text, before, after })) })) };
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    return;
  }
  for (const p of pages) {
    console.log(`${p.id}: ${p.mentions.length} mention(s)`);
    for (const m of p.mentions) console.log(`  ${m.entity.padEnd(17)} [${m.before.slice(-25)}] <<${m.text}>> [${m.after.slice(0, 25)}]  ${m.why ?? ''}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
