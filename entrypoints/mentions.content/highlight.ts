/**
 * Paints mentions with the CSS Custom Highlight API: one `Highlight` per entity, registered in
 * `CSS.highlights` as `factcheck-<entity id>`. The page's text nodes and elements are never
 * touched; our `::highlight()` rules go in through a constructed stylesheet adopted by the
 * document (and by each shadow root holding a mention), which page CSP `style-src` does not block.
 *
 * Firefox content scripts cannot iterate `CSS.highlights` or a `Highlight` (Xray wrappers), so
 * callers keep their own list of ranges; this module only adds and deletes.
 *
 * Cost on live pages (measured with `npm run bench`, endless feed, Chromium 156, main-thread
 * time added over 5 s): the annotator without painting +455 ms; registered but unstyled
 * highlights +656; styled highlights +1504, and still +1015 with only the first 20 ranges
 * painted. Most of a live page's cost is the browser styling and painting highlights while the
 * page mutates, and it barely depends on how many ranges there are: painting fewer (e.g. only
 * near the viewport) would not remove it.
 */
import type { EntityId } from '@/core/types';

/** Highlight name of an entity in `CSS.highlights`. */
export const highlightName = (entityId: EntityId) => `factcheck-${entityId}`;

/** How mentions are drawn (a reader setting). */
export type HighlightStyle = 'underline' | 'background' | 'off';

/** The `::highlight()` rules for every entity in one style. */
export function highlightCss(entityIds: EntityId[], style: HighlightStyle): string {
  if (style === 'off') return '';
  const selectors = entityIds.map((id) => `::highlight(${highlightName(id)})`).join(',\n');
  const look =
    style === 'background'
      ? 'background-color: rgba(255, 214, 92, 0.55); color: inherit;'
      : 'background-color: rgba(255, 214, 92, 0.28); text-decoration: underline dotted 2px rgb(170, 120, 0); text-underline-offset: 3px;';
  return `${selectors} { ${look} }
@media (forced-colors: active) { ${selectors} { background-color: Mark; color: MarkText; } }`;
}

type StyledRoot = Document | ShadowRoot;

/** Holds the per-entity Highlights and the stylesheet; `dispose()` removes every trace. */
export class HighlightPainter {
  private readonly highlights = new Map<EntityId, Highlight>();
  private sheet: CSSStyleSheet | undefined;
  private fallbackStyles: HTMLStyleElement[] = [];
  private readonly styled = new Set<StyledRoot>();
  private css: string;

  /** False where the browser lacks the CSS Custom Highlight API (nothing is painted). */
  readonly supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

  constructor(
    private readonly entityIds: EntityId[],
    style: HighlightStyle = 'underline',
  ) {
    this.css = highlightCss(entityIds, style);
  }

  /** Adds ranges of one entity (registers its Highlight on first use). */
  add(entityId: EntityId, range: AbstractRange): void {
    if (!this.supported) return;
    let highlight = this.highlights.get(entityId);
    if (!highlight) {
      highlight = new Highlight();
      this.highlights.set(entityId, highlight);
      CSS.highlights.set(highlightName(entityId), highlight);
    }
    highlight.add(range);
  }

  /** Removes one range of an entity; unknown ranges are ignored. */
  delete(entityId: EntityId, range: AbstractRange): void {
    this.highlights.get(entityId)?.delete(range);
  }

  /** Makes sure our `::highlight` rules reach `root` (the document or a shadow root with mentions). */
  styleRoot(root: StyledRoot): void {
    if (!this.supported || this.styled.has(root)) {
      // A page may reassign adoptedStyleSheets; re-adopt if ours was dropped.
      if (this.sheet && root.adoptedStyleSheets && !Array.from(root.adoptedStyleSheets).includes(this.sheet)) {
        this.adopt(root);
      }
      return;
    }
    this.styled.add(root);
    this.adopt(root);
  }

  /** Switches the highlight style everywhere at once. */
  setStyle(style: HighlightStyle): void {
    this.css = highlightCss(this.entityIds, style);
    this.sheet?.replaceSync(this.css);
    for (const el of this.fallbackStyles) el.textContent = this.css;
  }

  /** Unregisters every Highlight and removes our stylesheet from every root. */
  dispose(): void {
    for (const id of this.highlights.keys()) CSS.highlights.delete(highlightName(id));
    this.highlights.clear();
    for (const root of this.styled) {
      if (this.sheet && root.adoptedStyleSheets) {
        root.adoptedStyleSheets = Array.from(root.adoptedStyleSheets).filter((s) => s !== this.sheet);
      }
    }
    this.styled.clear();
    for (const el of this.fallbackStyles) el.remove();
    this.fallbackStyles = [];
  }

  private adopt(root: StyledRoot): void {
    try {
      const view = (root instanceof Document ? root : root.ownerDocument).defaultView ?? window;
      this.sheet ??= new view.CSSStyleSheet();
      this.sheet.replaceSync(this.css);
      root.adoptedStyleSheets = [...Array.from(root.adoptedStyleSheets), this.sheet];
    } catch {
      // No constructable stylesheets here: fall back to a <style> element (may meet page CSP).
      const style = (root instanceof Document ? root : root.ownerDocument).createElement('style');
      style.dataset.fcUi = '';
      style.textContent = this.css;
      (root instanceof Document ? (root.head ?? root.documentElement) : root).append(style);
      this.fallbackStyles.push(style);
    }
  }
}
