/**
 * Paints mentions with the CSS Custom Highlight API: one `Highlight` per entity, registered in
 * `CSS.highlights` under a name that says the entity and the reader's style (see
 * {@link highlightName}; the "off" style registers nothing). The page's text nodes and elements
 * are never touched.
 *
 * Our `::highlight()` rules reach the page's document as the content script's manifest
 * stylesheet ({@link HIGHLIGHT_STYLESHEET}, written at build time from {@link highlightCss}): the
 * browser injects it before the page is first styled, and it holds the rules of every style, so
 * switching styles renames the Highlights and never changes a stylesheet. (Adopting a
 * constructed stylesheet into the document after load made Chromium restyle the whole page: a
 * 47–49 ms style recalculation on the bench's long article.) In Chromium the document's rules
 * match only the root element (see {@link RuleScope}). A shadow root holding a mention gets
 * the rules as a constructed stylesheet it adopts, which page CSP `style-src` does not block.
 *
 * Firefox content scripts cannot iterate `CSS.highlights` or a `Highlight` (Xray wrappers), so
 * callers keep their own list of ranges; this module only adds and deletes.
 *
 * Cost on live pages: in each frame that follows a DOM change or a highlight change, Chromium
 * (156) removes and re-adds the marker of every registered range (`HighlightRegistry::
 * ValidateHighlightMarkers`) and, for a style with a text decoration, invalidates each marked
 * node's ink overflow. A mutating page therefore pays per frame for every mention registered,
 * and the annotator lands its own updates in the frame that renders the page's change (see
 * `Annotator.scheduleFlush`) so that a batch costs one rebuild, not two. Endless feed, main-thread
 * time added over 5 s (`npm run bench`): rescans on a 16 ms timer +1350–1600 ms; in the next
 * animation frame +830 ms; with root-element rules (see {@link RuleScope}) +649 ms.
 */
import type { EntityId } from '@/core/types';

/** How mentions are drawn (a reader setting). */
export type HighlightStyle = 'underline' | 'background' | 'off';

/** The content script's manifest stylesheet, relative to the extension root (see wxt.config.ts). */
export const HIGHLIGHT_STYLESHEET = 'content-scripts/highlights.css';

/** Highlight name of the keyboard focus ring in `CSS.highlights`. */
export const FOCUS_HIGHLIGHT = 'fc-focus';
/** Highlight name of the temporary flash on a mention revealed from the popup. */
export const FLASH_HIGHLIGHT = 'fc-flash';

/**
 * Which elements our `::highlight()` rules are written for:
 * - `universal` (`::highlight(x)`, i.e. `*::highlight(x)`): every element matches the rules.
 *   Firefox (153 ESR) needs this: its highlight pseudos do not inherit from the parent's.
 * - `root` (`:root::highlight(x)`): only the root element matches; its descendants take the
 *   style by highlight inheritance (CSS Pseudo 4 §3.5; Chromium applies it to every highlight
 *   pseudo from 131, the manifest's minimum). A universal rule makes Chromium resolve a highlight
 *   style for every element the page styles: on the bench's endless feed ~130 ms of style
 *   recalculation over 5 s, which the root rule avoids (same pixels: screenshots compared).
 *   Shadow roots keep universal rules (`:root` matches nothing there; they are small).
 */
export type RuleScope = 'universal' | 'root';

/** The scope of the manifest stylesheet's rules for a build target (`wxt.config.browser`). */
export function manifestRuleScope(browser: string): RuleScope {
  return browser === 'firefox' ? 'universal' : 'root';
}

const selector = (scope: RuleScope, name: string) => `${scope === 'root' ? ':root' : ''}::highlight(${name})`;

/**
 * The `::highlight()` rules of the marks. Highlights cannot draw outlines, so the focus ring is a
 * solid underline plus a tint; forced-colors mode gets the system Highlight colours.
 */
export function marksCss(scope: RuleScope = 'universal'): string {
  const focus = selector(scope, FOCUS_HIGHLIGHT);
  const flash = selector(scope, FLASH_HIGHLIGHT);
  return `${focus} { background-color: rgba(26, 95, 208, 0.16); text-decoration: underline solid 3px rgb(26, 95, 208); text-underline-offset: 4px; }
${flash} { background-color: rgb(255, 196, 0); color: rgb(0, 0, 0); }
@media (forced-colors: active) {
  ${focus}, ${flash} { background-color: Highlight; color: HighlightText; text-decoration-color: HighlightText; }
}`;
}

/** {@link marksCss} with universal rules, as shadow roots adopt it. */
export const MARKS_CSS = marksCss();

/**
 * Highlight name of an entity drawn in `style`: `factcheck-<entity id>` for the underline (the
 * default), `factcheck-background_<entity id>` for the background style (entity ids have no `_`).
 * @returns `null` for "off": nothing is registered, so nothing is drawn.
 */
export function highlightName(entityId: EntityId, style: HighlightStyle = 'underline'): string | null {
  if (style === 'off') return null;
  return style === 'background' ? `factcheck-background_${entityId}` : `factcheck-${entityId}`;
}

/**
 * The `::highlight()` rules for every entity in every style (plus forced-colors rules), as CSS
 * text; shadow roots with a mention adopt it (universal rules) at run time.
 */
export function highlightCss(entityIds: readonly EntityId[], scope: RuleScope = 'universal'): string {
  const selectors = (style: HighlightStyle) => entityIds.map((id) => selector(scope, highlightName(id, style)!)).join(',\n');
  const underline = selectors('underline');
  const background = selectors('background');
  return `${underline} { background-color: rgba(255, 214, 92, 0.28); text-decoration: underline dotted 2px rgb(170, 120, 0); text-underline-offset: 3px; }
${background} { background-color: rgba(255, 214, 92, 0.55); color: inherit; }
@media (forced-colors: active) { ${underline},\n${background} { background-color: Mark; color: MarkText; } }`;
}

/**
 * The text of {@link HIGHLIGHT_STYLESHEET}, which the build writes for the pack's entities
 * (`entityIds`, from data/pack/recognition.json): {@link highlightCss} and {@link marksCss}, with
 * rules of the target browser's {@link RuleScope} (see {@link manifestRuleScope}).
 */
export function manifestStylesheet(entityIds: readonly EntityId[], scope: RuleScope = 'universal'): string {
  return `${highlightCss(entityIds, scope)}\n${marksCss(scope)}\n`;
}

/**
 * Holds the per-entity Highlights and the shadow roots' stylesheet; `dispose()` removes every
 * trace (the manifest stylesheet stays, matching nothing once our Highlights are gone).
 */
export class HighlightPainter {
  private readonly highlights = new Map<EntityId, Highlight>();
  private sheet: CSSStyleSheet | undefined;
  private fallbackStyles: HTMLStyleElement[] = [];
  private readonly styled = new Set<ShadowRoot>();
  /** The rules shadow roots adopt, built on the first one (most pages have none). */
  private css: string | undefined;

  /** False where the browser lacks the CSS Custom Highlight API (nothing is painted). */
  readonly supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';

  /**
   * @param entityIds Every entity of the pack (the rules of shadow roots name them all).
   * @param style The reader's style; "off" keeps the ranges but registers nothing.
   */
  constructor(
    private readonly entityIds: readonly EntityId[],
    private style: HighlightStyle = 'underline',
  ) {}

  /** Adds ranges of one entity (registers its Highlight on first use). */
  add(entityId: EntityId, range: AbstractRange): void {
    if (!this.supported) return;
    let highlight = this.highlights.get(entityId);
    if (!highlight) {
      highlight = new Highlight();
      this.highlights.set(entityId, highlight);
      this.register(entityId, highlight);
    }
    highlight.add(range);
  }

  /** Removes one range of an entity; unknown ranges are ignored. */
  delete(entityId: EntityId, range: AbstractRange): void {
    this.highlights.get(entityId)?.delete(range);
  }

  /**
   * Makes sure our `::highlight` rules reach `root`, a shadow root holding a mention: it adopts
   * a constructed copy (the document has them from the manifest stylesheet).
   */
  styleRoot(root: ShadowRoot): void {
    if (!this.supported) return;
    if (this.styled.has(root)) {
      // A page may reassign adoptedStyleSheets; re-adopt if ours was dropped.
      if (this.sheet && root.adoptedStyleSheets && !Array.from(root.adoptedStyleSheets).includes(this.sheet)) this.adopt(root);
      return;
    }
    this.styled.add(root);
    this.adopt(root);
  }

  /** Switches the style everywhere at once: the Highlights move to the style's names. */
  setStyle(style: HighlightStyle): void {
    if (style === this.style) return;
    this.unregister();
    this.style = style;
    if (this.supported) for (const [id, highlight] of this.highlights) this.register(id, highlight);
  }

  /** Unregisters every Highlight and removes our stylesheet from every shadow root. */
  dispose(): void {
    this.unregister();
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

  private register(entityId: EntityId, highlight: Highlight): void {
    const name = highlightName(entityId, this.style);
    if (name) CSS.highlights.set(name, highlight);
  }

  private unregister(): void {
    if (!this.supported) return;
    for (const id of this.highlights.keys()) {
      const name = highlightName(id, this.style);
      if (name) CSS.highlights.delete(name);
    }
  }

  private adopt(root: ShadowRoot): void {
    this.css ??= highlightCss(this.entityIds);
    try {
      const view = root.ownerDocument.defaultView ?? window;
      if (!this.sheet) {
        this.sheet = new view.CSSStyleSheet();
        this.sheet.replaceSync(this.css);
      }
      root.adoptedStyleSheets = [...Array.from(root.adoptedStyleSheets), this.sheet];
    } catch {
      // No constructable stylesheets here: fall back to a <style> element (may meet page CSP).
      const style = root.ownerDocument.createElement('style');
      style.dataset.fcUi = '';
      style.textContent = this.css;
      root.append(style);
      this.fallbackStyles.push(style);
    }
  }
}
