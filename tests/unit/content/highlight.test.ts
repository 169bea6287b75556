import { describe, expect, it } from 'vitest';
import { FLASH_HIGHLIGHT, FOCUS_HIGHLIGHT, highlightCss, highlightName, manifestRuleScope, manifestStylesheet, MARKS_CSS } from '@/entrypoints/mentions.content/highlight';
import { packEntityIds } from '@/scripts/vite-recognition';

describe('the highlights’ names and manifest stylesheet', () => {
  it('names an entity per style, and nothing for "off"', () => {
    expect(highlightName('jeff-sessions')).toBe('factcheck-jeff-sessions');
    expect(highlightName('jeff-sessions', 'underline')).toBe('factcheck-jeff-sessions');
    expect(highlightName('jeff-sessions', 'background')).toBe('factcheck-background_jeff-sessions');
    expect(highlightName('jeff-sessions', 'off')).toBeNull();
  });

  it('styles every entity of the pack in both drawn styles, in forced colours too, and the keyboard marks', () => {
    const ids = packEntityIds();
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const css = manifestStylesheet(ids);
    const [plain, forced] = css.split('@media (forced-colors: active)');
    for (const id of ids) {
      for (const style of ['underline', 'background'] as const) {
        expect(plain).toContain(`::highlight(${highlightName(id, style)})`);
        expect(forced).toContain(`::highlight(${highlightName(id, style)})`);
      }
    }
    expect(css).toContain(`::highlight(${FOCUS_HIGHLIGHT})`);
    expect(css).toContain(`::highlight(${FLASH_HIGHLIGHT})`);
    expect(css).not.toMatch(/url\(|@import/i); // it makes the browser load nothing
  });

  it('writes root-element rules for Chromium (styles inherit) and universal rules for Firefox and shadow roots, the same declarations either way', () => {
    const ids = packEntityIds();
    expect(manifestRuleScope('chrome')).toBe('root');
    expect(manifestRuleScope('firefox')).toBe('universal');
    const root = manifestStylesheet(ids, 'root');
    const universal = manifestStylesheet(ids, 'universal');
    const pseudos = (css: string) => css.match(/(?:\S*)::highlight\([^)]*\)/g) ?? [];
    expect(pseudos(root).length).toBe(pseudos(universal).length);
    expect(pseudos(root).every((p) => /(^|[\s,{]):root::highlight\(/.test(` ${p}`))).toBe(true);
    expect(universal).not.toContain(':root');
    expect(root.replaceAll(':root::highlight(', '::highlight(')).toBe(universal);
    // what shadow roots adopt stays universal (`:root` matches nothing inside a shadow tree)
    expect(highlightCss(ids)).not.toContain(':root');
    expect(MARKS_CSS).not.toContain(':root');
  });
});
