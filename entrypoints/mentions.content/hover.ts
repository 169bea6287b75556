/**
 * Hit-testing the pointer against painted mentions. Highlights are not elements, so there is no
 * hover event: we find the text node under the pointer (caret-from-point), look up the mentions
 * recorded for it, and check the pointer against their ranges' client rects.
 */
import type { Annotator, PaintedMention } from './annotator';

type CaretDoc = Document & {
  caretPositionFromPoint?: (x: number, y: number, options?: { shadowRoots?: ShadowRoot[] }) => { offsetNode: Node } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

/** The text node under a point, piercing the open shadow roots we know of. */
function nodeAtPoint(doc: Document, x: number, y: number, shadowRoots: ShadowRoot[]): Node | undefined {
  const d = doc as CaretDoc;
  try {
    if (d.caretPositionFromPoint) return d.caretPositionFromPoint(x, y, { shadowRoots })?.offsetNode ?? undefined;
    return d.caretRangeFromPoint?.(x, y)?.startContainer ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when (x, y) lies in one of the range's client rects (2 px tolerance); returns that rect. */
export function rectAt(range: Range, x: number, y: number, tolerancePx = 2): DOMRect | undefined {
  for (const rect of Array.from(range.getClientRects())) {
    if (
      x >= rect.left - tolerancePx &&
      x <= rect.right + tolerancePx &&
      y >= rect.top - tolerancePx &&
      y <= rect.bottom + tolerancePx
    ) {
      return rect;
    }
  }
  return undefined;
}

/**
 * The painted mention under the pointer, with the rect of the line it is on, or undefined.
 * Falls back to checking every mention when the caret API finds no text (few mentions only).
 */
export function mentionAtPoint(
  doc: Document,
  annotator: Annotator,
  x: number,
  y: number,
  shadowRoots: ShadowRoot[],
): { painted: PaintedMention; rect: DOMRect } | undefined {
  const node = nodeAtPoint(doc, x, y, shadowRoots);
  const near = node ? annotator.paintedIn(node) : [];
  const pool = near.length ? near : annotator.mentions.length <= 400 ? annotator.mentions : [];
  for (const painted of pool) {
    const rect = rectAt(painted.range, x, y);
    if (rect) return { painted, rect };
  }
  return undefined;
}
