import { describe, expect, it } from 'vitest';
import { placeBeside } from '@/entrypoints/mentions.content/Tooltip';

const view = { width: 1280, height: 720 };
const size = { width: 380, height: 300 };

describe('placeBeside', () => {
  it('opens below the mention when there is room', () => {
    expect(placeBeside({ left: 100, top: 100, bottom: 120 }, size, view)).toMatchObject({ left: 100, top: 126 });
  });
  it('opens above a mention near the bottom of the viewport', () => {
    expect(placeBeside({ left: 100, top: 650, bottom: 670 }, size, view)).toMatchObject({ left: 100, top: 344 });
  });
  it('stays inside the viewport at the right edge', () => {
    expect(placeBeside({ left: 1200, top: 100, bottom: 120 }, size, view).left).toBe(1280 - 8 - 380);
  });
  it('caps a card taller than either side so it never covers the mention', () => {
    const anchor = { left: 10, top: 200, bottom: 220 };
    const p = placeBeside(anchor, { width: 300, height: 900 }, view);
    expect(p.top).toBe(226);
    expect(p.maxHeight).toBe(720 - 220 - 6 - 8);
    expect(p.top + p.maxHeight).toBeLessThanOrEqual(720 - 8);
    const up = placeBeside({ left: 10, top: 600, bottom: 620 }, { width: 300, height: 900 }, view);
    expect(up.top).toBeGreaterThanOrEqual(8);
    expect(up.top + Math.min(900, up.maxHeight)).toBeLessThanOrEqual(600 - 6);
  });
});
