/**
 * Every user-visible string of the UI comes from the message catalogue
 * (public/_locales/en/messages.json) through `t()` (components/i18n.ts → browser.i18n.getMessage):
 * the keys the UI asks for exist, every entry is used, and no English is written into the UI's
 * JSX. The source is read with the TypeScript parser, so comments, types and code are told apart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { setMessageSource, t, tParts } from '@/components/i18n';
import { catalogue, catalogueMessage, strictCatalogueMessage } from './i18n-source';

/** Folders whose .ts/.tsx files make the UI (card, popup, options page, content script). */
const UI_DIRS = ['components', 'entrypoints/popup', 'entrypoints/options', 'entrypoints/mentions.content'];

const uiFiles = UI_DIRS.flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => `${dir}/${name}`),
);

function parse(file: string): ts.SourceFile {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}

/** Every node of `file` in source order. */
function nodesOf(file: string): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    out.push(node);
    node.forEachChild(visit);
  };
  visit(parse(file));
  return out;
}

const where = (node: ts.Node) => {
  const sf = node.getSourceFile();
  return `${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
};

const isStringish = (node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);

/** The literal keys of every `t('key', …)` and `tParts('key', …)` call in the UI. */
const keyCalls = uiFiles.flatMap((file) =>
  nodesOf(file).flatMap((node) => {
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return [];
    if (node.expression.text !== 't' && node.expression.text !== 'tParts') return [];
    const [first] = node.arguments;
    return first && isStringish(first) ? [{ key: first.text, at: where(first) }] : [];
  }),
);

describe('t() and tParts() (components/i18n.ts)', () => {
  afterEach(() => setMessageSource(strictCatalogueMessage)); // as tests/setup.ts leaves it

  it('fills placeholders in order and passes numbers as text', () => {
    expect(t('mentionAnnouncement', [3, 7, 'Jeff Sessions'])).toBe('Mention 3 of 7: Jeff Sessions');
    expect(t('dateReported', ['November 7, 2018'])).toBe('Reported November 7, 2018');
  });

  it('returns the key itself when the browser has no such message (getMessage gives "")', () => {
    setMessageSource(catalogueMessage); // browser semantics: '' for an unknown key
    expect(t('noSuchMessage' as never)).toBe('noSuchMessage');
    setMessageSource(undefined);
    expect(t('cardRetry')).toBe('cardRetry');
  });

  it('splits a message around elements, keeping the text between them', () => {
    const host = { element: 'host' };
    expect(tParts('settingsPauseOn', [host])).toEqual(['Pause on ', host]);
    const wrap = (text: string) => ({ element: `hint: ${text}` });
    expect(tParts('settingsCorrectionOn', ['Jeff Sessions', host], wrap)).toEqual(['Jeff Sessions', { element: 'hint:  on ' }, host]);
  });
});

describe('the test catalogue reader (tests/unit/i18n-source.ts) follows Chrome and Firefox', () => {
  it('looks keys and placeholder names up case-insensitively', () => {
    expect(catalogueMessage('CARDWHYHIGHLIGHTED', ['full name'])).toBe('Why highlighted: full name');
  });

  it('leaves a missing substitution empty, does not rescan substituted text, and turns $$ into $', () => {
    expect(catalogueMessage('searchResults', ['3'])).toBe('3 results for “”.');
    expect(catalogueMessage('searchNoResults', ['$1 $$'])).toBe('No results for “$1 $$”.');
    expect(catalogueMessage('unknownKey')).toBe('');
    expect(() => strictCatalogueMessage('unknownKey')).toThrow(/no message "unknownKey"/);
  });
});

describe('the UI and the message catalogue', () => {
  it('finds the t() calls (the scan works)', () => {
    expect(keyCalls.length).toBeGreaterThan(50);
  });

  it('asks only for keys that messages.json has', () => {
    const missing = keyCalls.filter(({ key }) => !catalogue.has(key.toLowerCase()));
    expect(missing).toEqual([]);
  });

  it('uses every entry of messages.json (UI source, or __MSG_*__ in wxt.config.ts)', () => {
    // Keys also appear as plain literals, e.g. in `Record<View, MessageKey>` tables.
    const literals = new Set(uiFiles.flatMap((file) => nodesOf(file).filter(isStringish).map((n) => n.text.toLowerCase())));
    const manifest = [...readFileSync('wxt.config.ts', 'utf8').matchAll(/__MSG_(\w+?)__/g)].map((m) => m[1]!.toLowerCase());
    const used = new Set([...literals, ...manifest]);
    expect([...catalogue.keys()].filter((key) => !used.has(key))).toEqual([]);
  });

  it('gives every page that renders UI the browser as its message source before rendering', () => {
    for (const file of ['entrypoints/popup/main.tsx', 'entrypoints/options/main.tsx', 'entrypoints/mentions.content/index.ts']) {
      expect(readFileSync(file, 'utf8'), file).toMatch(/setMessageSource\(\(key, substitutions\) => browser\.i18n\.getMessage\(key, substitutions\)\)/);
    }
  });

  it("keeps the HTML <title>s (shown before the script runs) equal to the catalogue's text", () => {
    const title = (file: string) =>
      /<title>(.*?)<\/title>/s.exec(readFileSync(file, 'utf8'))![1]!.replaceAll('&amp;', '&');
    expect(title('entrypoints/popup/index.html')).toBe(t('extName'));
    expect(title('entrypoints/options/index.html')).toBe(t('optionsTitle'));
  });
});

describe('no English written into the UI', () => {
  /**
   * JSX text that may contain letters, each with its reason. Anything else with a letter in it
   * must come from t(): punctuation and symbols ('—', '·', '…', '“', ', ') may stay in JSX.
   */
  const ALLOWED_JSX_TEXT: Record<string, string> = {
    'chrome://extensions/shortcuts': "Chrome's shortcut page: an address, the same in every language",
    'about:addons': "Firefox's add-ons page: an address, the same in every language",
  };
  /** Attributes a reader sees or hears; their values must come from t(). */
  const VISIBLE_ATTRIBUTES = /^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|placeholder|title|alt|label)$/;

  it('has no JSX text node with a letter in .tsx files, apart from the listed addresses', () => {
    const found = uiFiles
      .filter((file) => file.endsWith('.tsx'))
      .flatMap((file) => nodesOf(file).filter(ts.isJsxText))
      .map((node) => ({ text: node.text.trim().replace(/\s+/g, ' '), at: where(node) }))
      .filter(({ text }) => /\p{L}/u.test(text) && !(text in ALLOWED_JSX_TEXT));
    expect(found).toEqual([]);
  });

  it('has no literal text in attributes a reader sees or hears (aria-label, placeholder, title, alt…)', () => {
    const found = uiFiles
      .filter((file) => file.endsWith('.tsx'))
      .flatMap((file) => nodesOf(file).filter(ts.isJsxAttribute))
      .filter((attr) => VISIBLE_ATTRIBUTES.test(attr.name.getText()))
      .filter((attr) => {
        const value = attr.initializer;
        const literal = value && (ts.isStringLiteral(value) ? value : ts.isJsxExpression(value) && value.expression && isStringish(value.expression) ? value.expression : undefined);
        return !!literal && /\p{L}/u.test(literal.text);
      })
      .map((attr) => ({ text: attr.getText(), at: where(attr) }));
    expect(found).toEqual([]);
  });

  /**
   * String literals that read like English (two or more plain words), anywhere in the UI's
   * .ts and .tsx, such as a message in a ternary or a template. Not prose: import paths,
   * literal types, JSX attributes (checked above when visible; `rel="noopener noreferrer"`, class
   * names), log tags (`logOnce('open card', …)`, console), and CSS text.
   */
  const ALLOWED_LITERALS: Record<string, string> = {
    '0 auto auto 0': "the card host's CSS `inset` (Tooltip.tsx)",
  };
  const isCss = (text: string) => /[{}]|(^|;)\s*[a-z-]+\s*:[^;]+;/.test(text);
  const isLogArgument = (node: ts.Node) => {
    const call = node.parent;
    if (!ts.isCallExpression(call)) return false;
    const callee = call.expression.getText();
    return callee === 'logOnce' || callee.startsWith('console.');
  };

  it('has no English sentence in a string literal of UI code', () => {
    const words = (text: string) => text.split(/\s+/).filter((w) => /^\p{L}\p{Ll}+[,.:;!?…]?$/u.test(w)).length;
    const found = uiFiles
      .flatMap((file) => nodesOf(file))
      .filter(
        (node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateLiteralLikeNode =>
          isStringish(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node),
      )
      .filter((node) => {
        const parent = node.parent;
        if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent)) return false;
        if (ts.isJsxAttribute(parent) || isLogArgument(node)) return false;
        return words(node.text) >= 2 && !isCss(node.text) && !(node.text in ALLOWED_LITERALS);
      })
      .map((node) => ({ text: node.text, at: where(node) }));
    expect(found).toEqual([]);
  });
});
