import { describe, expect, it } from 'vitest';
import { FLASH_HIGHLIGHT, FOCUS_HIGHLIGHT, highlightName, manifestStylesheet } from '@/entrypoints/mentions.content/highlight';
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
});
