import { describe, expect, it } from 'vitest';
import { placeBeside } from '@/entrypoints/mentions.content/Tooltip';

const view = { width: 1280, height: 720 };
const size = { width: 380, height: 300 };

describe('placeBeside', () => {
  it('opens below the mention when there is room', () => {
    expect(placeBeside({ left: 100, top: 100, bottom: 120 }, size, view)).toEqual({ left: 100, top: 126 });
  });
  it('opens above a mention near the bottom of the viewport', () => {
    expect(placeBeside({ left: 100, top: 650, bottom: 670 }, size, view)).toEqual({ left: 100, top: 344 });
  });
  it('stays inside the viewport at the right edge', () => {
    expect(placeBeside({ left: 1200, top: 100, bottom: 120 }, size, view).left).toBe(1280 - 8 - 380);
  });
  it('is clamped inside a viewport too short for either side', () => {
    const p = placeBeside({ left: 10, top: 150, bottom: 170 }, { width: 300, height: 280 }, { width: 800, height: 300 });
    expect(p.top).toBeGreaterThanOrEqual(8);
    expect(p.top + 280).toBeLessThanOrEqual(300 - 8);
  });
});
