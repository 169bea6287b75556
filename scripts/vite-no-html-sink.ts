/**
 * A Vite plugin (build only) that removes Preact's one HTML-string sink from our bundles.
 *
 * Preact renders the `dangerouslySetInnerHTML` prop as `dom.innerHTML = prop.__html`. This
 * extension never passes that prop (tests/unit/no-html-injection.test.ts): page text and pack
 * text reach the card and the popup as text nodes only. The plugin turns that assignment into a
 * throw, so no code path in the shipped extension can parse an HTML string, and Mozilla's linter
 * (`web-ext lint`, UNSAFE_VAR_ASSIGNMENT) finds no unsafe `innerHTML` assignment to report.
 * Nothing else in Preact changes (clearing with `innerHTML = ''` is a literal and stays).
 *
 * The build fails if the assignment is not found exactly once in a Preact module: a Preact
 * update changed its code, and this plugin must be looked at again rather than silently skipped.
 */
import type { Plugin } from 'vite';

/** Preact's distributed ES modules (the `browser` and `import` conditions of `preact`). */
const PREACT_MODULE = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/;
/** `<dom>.innerHTML=<props>.__html` as it appears in Preact's minified dist. */
const SINK = /\b([\w$]+)\.innerHTML=([\w$]+)\.__html\b/g;
const THROW = '(()=>{throw new Error("dangerouslySetInnerHTML is disabled in this extension")})()';

/**
 * Rewrites one Preact module's source.
 * @returns The code with the sink replaced by a throw.
 * @throws When the sink occurs other than exactly once (names the module).
 */
export function removeHtmlSink(code: string, id: string): string {
  const count = code.match(SINK)?.length ?? 0;
  if (count !== 1) {
    throw new Error(`no-html-sink: expected one \`x.innerHTML=y.__html\` in ${id}, found ${count}`);
  }
  return code.replace(SINK, THROW);
}

/** The plugin; applies to production builds (`wxt build`, `wxt zip`), not to the dev server. */
export function noHtmlSink(): Plugin {
  return {
    name: 'fc-no-html-sink',
    apply: 'build',
    transform(code, id) {
      if (!PREACT_MODULE.test(id)) return undefined;
      return { code: removeHtmlSink(code, id), map: null };
    },
  };
}
