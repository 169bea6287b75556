/** Test helper: runs the whole pipeline (blocks → candidates → page resolution) on a DOM. */
import rules from '@/data/pack/recognition.json';
import { compileRecognizer } from '@/core/compile';
import { findCandidates, resolveMentions, type Recognizer, type ResolvedMention } from '@/core/match';
import type { RecognitionRules } from '@/core/recognition';
import { collectBlocks, rangeForSpan, type TextBlock } from '@/scanner/blocks';

export const recognizer: Recognizer = compileRecognizer(rules as unknown as RecognitionRules);

export interface Annotation {
  entity: string;
  /** `Range.toString()` of the mention, as the cases README compares it. */
  text: string;
  why: string;
  mention: ResolvedMention;
  block: TextBlock;
}

/** Annotations of `root` in document order. */
export function annotate(root: Node, doc: Document, rec: Recognizer = recognizer): Annotation[] {
  const blocks = collectBlocks(root);
  const resolved = resolveMentions(blocks.map((b) => ({ text: b.text, candidates: findCandidates(b.text, rec) })), rec);
  return resolved.flatMap((list, i) =>
    list.map((m) => ({
      entity: m.entityId,
      text: rangeForSpan(blocks[i]!, m.start, m.end, doc).toString(),
      why: m.why,
      mention: m,
      block: blocks[i]!,
    })),
  );
}

/**
 * Loads markup into the test environment's `document` (scripts do not run) and returns it.
 * The parsed tree is adopted into the live document because happy-dom's Range collapses on
 * nodes of a DOMParser document.
 */
export function parse(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const adopted = document.adoptNode(parsed.documentElement);
  document.documentElement.remove();
  document.appendChild(adopted);
  return document;
}

/** The cases README's comparison form: NFC, NBSP → space, invisible characters dropped, whitespace collapsed. */
export function normalise(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised text of a block with a map from normalised offsets back to block offsets. */
export function normalisedBlock(text: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/[\u00ad\u200b\u200c\u200d\u2060\ufeff]/.test(ch)) continue;
    if (/\s|\u00a0/.test(ch)) {
      if (norm.endsWith(' ')) continue;
      norm += ' ';
    } else norm += ch;
    map.push(i);
  }
  return { norm: norm.normalize('NFC') === norm ? norm : norm, map };
}
