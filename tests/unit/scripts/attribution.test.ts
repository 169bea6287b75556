import { describe, expect, it } from 'vitest';
import { stackHasExtensionFrame } from '../../../scripts/e2e-lib/attribution';

describe('stackHasExtensionFrame', () => {
  it('flags a content-script error as puppeteer-core renders a Firefox (BiDi) stack', () => {
    const stack = 'Error: fc boom\n    at scan (moz-extension://0e2d9d68-ab7d-4d1e-9aeb-5c7fec1eba42/content-scripts/mentions.js:1:200)';
    expect(stackHasExtensionFrame(stack)).toBe(true);
  });

  it('flags an extension frame below page frames, and SpiderMonkey and V8 anonymous frames', () => {
    expect(stackHasExtensionFrame('TypeError: x\n    at http://127.0.0.1/a.js:1:1\n    at moz-extension://u/c.js:2:3')).toBe(true);
    expect(stackHasExtensionFrame('paint@moz-extension://u/content-scripts/mentions.js:3:4\n')).toBe(true);
    expect(stackHasExtensionFrame('Error: y\n    at Object.f (chrome-extension://abc/background.js:5:6)')).toBe(true);
  });

  it("does not flag a page's own error, even one whose message names an extension URL", () => {
    expect(stackHasExtensionFrame('Error: page boom\n    at boom (http://127.0.0.1:8080/fixtures/harness.html:12:9)')).toBe(false);
    expect(stackHasExtensionFrame('Error: cannot load moz-extension://u/x.js\n    at http://127.0.0.1/a.js:1:1')).toBe(false);
    expect(stackHasExtensionFrame('Error: no stack')).toBe(false);
    expect(stackHasExtensionFrame('')).toBe(false);
  });
});
