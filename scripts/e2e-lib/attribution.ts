/**
 * Telling the extension's errors from the page's own, from a stack as the automation libraries
 * give it. Kept apart from browsers.ts (no browser imports) so that a unit test can check it.
 */

/** One stack frame line that runs code from an extension URL, in V8's or SpiderMonkey's format. */
const EXTENSION_FRAME = [
  /^\s+at (?:.*\()?(?:chrome|moz)-extension:\/\//, // V8, and puppeteer's rendering of BiDi stacks: "    at f (moz-extension://…:1:2)"
  /^[^\s@]*@(?:chrome|moz)-extension:\/\//, // SpiderMonkey: "f@moz-extension://…:1:2"
];

/**
 * True when a frame of `stack` runs extension code (a `chrome-extension://` or
 * `moz-extension://` script: a content script, the background, an extension page).
 * @param stack An `Error.stack`: message line(s), then one frame per line in V8 format
 *   (`    at fn (url:line:col)`, as Playwright and puppeteer-core's BiDi layer give it) or
 *   SpiderMonkey format (`fn@url:line:col`). Only frame lines count: a page's error whose
 *   message merely mentions an extension URL is not the extension's. `''` gives false.
 */
export function stackHasExtensionFrame(stack: string): boolean {
  return stack.split('\n').some((line) => EXTENSION_FRAME.some((re) => re.test(line)));
}
