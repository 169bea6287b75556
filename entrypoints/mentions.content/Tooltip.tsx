/**
 * The hover card: Preact inside a shadow root (WXT `createShadowRootUi`, host `<fc-tooltip>`),
 * added to the page on demand and removed on close. Styles are adopted as a constructed
 * stylesheet (page CSP `style-src` cannot block it); the host is put in the top layer (popover)
 * where supported, so no page z-index, overflow or transform can cover or clip it.
 */
import { render } from 'preact';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import cardCss from '@/components/card.css?inline';
import { FactCard } from '@/components/FactCard';
import type { EntityCard } from '@/messaging/protocol';
import tooltipCss from './tooltip.css?inline';

/** What the card shows; `card` undefined while loading. */
export interface TooltipContent {
  card: EntityCard | undefined;
  error?: string;
  why: string;
  onOpenStory: () => void;
  onNotThisPerson: () => void;
  onRetry: () => void;
}

const GAP_PX = 6;
const MARGIN_PX = 8;

/**
 * Places a box beside `anchor` (a mention's client rect) inside a viewport of `view` (px): on
 * the side with room for it (below first), else on the roomier side with its height capped so it
 * never covers the mention; clamped horizontally. Returns the position and the height cap.
 */
export function placeBeside(
  anchor: { left: number; top: number; bottom: number },
  size: { width: number; height: number },
  view: { width: number; height: number },
): { left: number; top: number; maxHeight: number } {
  const below = view.height - anchor.bottom - GAP_PX - MARGIN_PX;
  const above = anchor.top - GAP_PX - MARGIN_PX;
  const useBelow = size.height <= below || (size.height > above && below >= above);
  const maxHeight = Math.max(0, useBelow ? below : above);
  const height = Math.min(size.height, maxHeight);
  const top = useBelow ? anchor.bottom + GAP_PX : anchor.top - GAP_PX - height;
  const left = Math.max(MARGIN_PX, Math.min(anchor.left, view.width - MARGIN_PX - size.width));
  return { left, top, maxHeight };
}

/** Shows one card at a time beside a mention; keeps it open while the pointer is on it. */
export class TooltipController {
  private ui: ShadowRootContentScriptUi<void> | undefined;
  private uiPromise: Promise<ShadowRootContentScriptUi<void>> | undefined;
  private box: HTMLElement | undefined;
  private visible = false;
  private anchor: DOMRect | undefined;
  /** True while the pointer is over the card. */
  hovered = false;
  // --- focus management (keyboard.ts) ---
  /** Called after the card closed, with whether keyboard focus was inside it. */
  onHidden: ((hadFocus: boolean) => void) | undefined;
  private live: HTMLElement | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly onPointerLeave: () => void,
  ) {}

  get isOpen(): boolean {
    return this.visible;
  }

  /** The card's host element while open (for hit-testing and focus checks). */
  get host(): HTMLElement | undefined {
    return this.visible ? this.ui?.shadowHost : undefined;
  }

  /** Opens (or updates) the card beside `anchor` (a client rect of the mention). */
  async show(content: TooltipContent, anchor: DOMRect): Promise<void> {
    const ui = await this.getUi();
    if (this.ctx.isInvalid) return;
    this.anchor = anchor;
    if (!this.visible) {
      const host = ui.shadowHost;
      // Styled before it is attached: an unstyled host at the end of the document would grow
      // it for a moment, and the browser may scroll (a page scrolled to its very end did).
      for (const [name, value] of [
        ['position', 'fixed'],
        ['inset', '0 auto auto 0'],
        ['width', '0'],
        ['height', '0'],
        ['overflow', 'visible'],
        ['z-index', '2147483647'],
        ['display', 'block'],
        ['margin', '0'],
        ['padding', '0'],
        ['border', '0'],
        ['background', 'transparent'],
      ] as const) {
        host.style.setProperty(name, value, 'important');
      }
      ui.mount();
      this.visible = true;
      if ('showPopover' in host) {
        host.setAttribute('popover', 'manual');
        try {
          (host as HTMLElement & { showPopover(): void }).showPopover();
        } catch {
          // Not in the top layer; the z-index still applies.
        }
      }
    }
    this.render(content);
    this.position();
  }

  /** Moves the open card beside a new anchor rect (the page scrolled). */
  reposition(anchor: DOMRect): void {
    if (!this.visible) return;
    this.anchor = anchor;
    this.position();
  }

  /** Re-renders the open card with new content (e.g. when facts arrive). */
  update(content: TooltipContent): void {
    if (!this.visible) return;
    this.render(content);
    this.position();
  }

  /** Closes the card and removes its host from the page. */
  hide(): void {
    if (!this.visible || !this.ui) return;
    const hadFocus = this.hasFocus;
    this.visible = false;
    this.hovered = false;
    if (this.box) render(null, this.box);
    this.ui.remove();
    this.onHidden?.(hadFocus);
  }

  // --- focus management (keyboard.ts) ---

  /** True while keyboard focus is inside the open card. */
  get hasFocus(): boolean {
    return this.visible && !!this.ui?.shadow.activeElement;
  }

  /** Moves focus into the open card: a non-modal dialog (`role="dialog"`), so Tab may leave it. */
  focusCard(): void {
    if (this.visible) this.box?.focus({ preventScroll: true });
  }

  /** Says `text` through the card's polite live region (inside our shadow root, not the page). */
  announce(text: string): void {
    if (!this.visible || !this.live) return;
    this.live.textContent = text;
  }

  private render(content: TooltipContent): void {
    if (!this.box) return;
    render(
      <FactCard
        card={content.card}
        error={content.error}
        why={content.why}
        headingId="fc-card-title"
        onOpenStory={content.onOpenStory}
        onNotThisPerson={content.onNotThisPerson}
        onRetry={content.onRetry}
      />,
      this.box,
    );
  }

  private position(): void {
    if (!this.box || !this.anchor) return;
    const view = { width: window.innerWidth, height: window.innerHeight };
    this.box.style.maxHeight = '';
    const size = this.box.getBoundingClientRect();
    const { left, top, maxHeight } = placeBeside(this.anchor, size, view);
    // CSSOM writes, not style attributes: page CSP `style-src` does not apply to them.
    this.box.style.maxHeight = `${maxHeight}px`;
    this.box.style.left = `${left}px`;
    this.box.style.top = `${top}px`;
  }

  private getUi(): Promise<ShadowRootContentScriptUi<void>> {
    this.uiPromise ??= createShadowRootUi<void>(this.ctx, {
      name: 'fc-tooltip',
      position: 'inline',
      anchor: () => document.documentElement,
      append: 'last',
      css: `${cardCss}\n${tooltipCss}`,
      onMount: (container) => {
        const box = document.createElement('div');
        box.className = 'fc-tooltip';
        box.setAttribute('role', 'dialog');
        box.setAttribute('aria-labelledby', 'fc-card-title');
        box.tabIndex = -1;
        box.addEventListener('pointerenter', () => (this.hovered = true));
        box.addEventListener('pointerleave', () => {
          this.hovered = false;
          this.onPointerLeave();
        });
        container.append(box);
        this.box = box;
        // Announcements for keyboard and screen-reader users; visually hidden (CSSOM, not a
        // style attribute: page CSP does not apply).
        const live = document.createElement('div');
        live.setAttribute('aria-live', 'polite');
        live.setAttribute('role', 'status');
        live.className = 'fc-live';
        for (const [name, value] of [
          ['position', 'absolute'],
          ['width', '1px'],
          ['height', '1px'],
          ['overflow', 'hidden'],
          ['clip-path', 'inset(50%)'],
          ['white-space', 'nowrap'],
        ] as const) {
          live.style.setProperty(name, value);
        }
        container.append(live);
        this.live = live;
      },
      onRemove: () => {
        this.box = undefined;
        this.live = undefined;
      },
    }).then((ui) => {
      adoptStyles(ui);
      this.ui = ui;
      return ui;
    });
    return this.uiPromise;
  }
}

/**
 * Moves the UI's CSS from its `<style>` element into a constructed stylesheet adopted by the
 * shadow root, before the host is ever attached: a page whose CSP forbids inline styles would
 * block the `<style>` and report a violation. Where adoption fails, the `<style>` stays.
 */
function adoptStyles(ui: ShadowRootContentScriptUi<void>): void {
  const style = ui.shadow.querySelector('style');
  if (!style) return;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(style.textContent ?? '');
    ui.shadow.adoptedStyleSheets = [sheet];
    style.remove();
  } catch {
    // keep the <style> element
  }
}
