import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { noHtmlSink } from './scripts/vite-no-html-sink';
import { HIGHLIGHT_STYLESHEET, manifestRuleScope, manifestStylesheet } from './entrypoints/mentions.content/highlight';
import { packEntityIds, recognitionRules } from './scripts/vite-recognition';
import { sortZipEntries } from './scripts/zip-order';

/** Firefox add-on id (AMO needs a stable one). */
export const GECKO_ID = 'fact-check-sessions-mueller@factcheck.invalid';

/**
 * The toolbar button: localised title, and icons (px → file in public/, rendered from
 * assets/icon.svg by `npm run icons`; the manifest's `icons` WXT fills from public/icon/ itself).
 */
const TOOLBAR_BUTTON = {
  default_title: '__MSG_actionTitle__',
  default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' },
};

/**
 * What the sources zip holds (picomatch patterns, relative to the project root): everything a
 * reviewer needs to rebuild the extension, nothing else. The `!` patterns keep tests out even if
 * one lands beside the code.
 */
export const SOURCE_FILES = [
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'README.md',
  'CHANGELOG.md',
  'assets/**',
  'components/**',
  'core/**',
  'data/**',
  'entrypoints/**',
  'messaging/**',
  'public/**',
  'scanner/**',
  'settings/**',
  'types/**',
  // build-time scripts (pack:check, the recognition-rules Vite plugin, icons) and CLIs
  'scripts/*.ts',
  '!**/*.test.*',
  '!**/*.spec.*',
];

// See https://wxt.dev/api/config.html
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), recognitionRules(), noHtmlSink()] }),
  manifest: ({ browser, manifestVersion, command }) => {
    // Extension pages may load nothing from anywhere: no network at all.
    const csp = "script-src 'self'; object-src 'self'; connect-src 'none'";
    return {
      // Store-facing text comes from public/_locales/en/messages.json (tests/unit/i18n.test.ts
      // checks every __MSG_*__ here has an entry). Version: package.json (WXT).
      default_locale: 'en',
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      // storage: reader settings (storage.local) and each tab's mentions (storage.session).
      permissions: ['storage'],
      action: TOOLBAR_BUTTON,
      // Keyboard: move through the page's mentions (background handleCommand → content keyboard.ts).
      // Readers can change the keys in chrome://extensions/shortcuts or about:addons.
      // Descriptions are localised (public/_locales/en/messages.json); commands.getAll() returns the text.
      commands: {
        'next-mention': {
          suggested_key: { default: 'Alt+Shift+J' },
          description: '__MSG_commandNextMention__',
        },
        'previous-mention': {
          suggested_key: { default: 'Alt+Shift+K' },
          description: '__MSG_commandPreviousMention__',
        },
      },
      ...(command === 'build'
        ? {
            content_security_policy:
              manifestVersion === 3 ? { extension_pages: csp } : (csp as unknown as { extension_pages: string }),
          }
        : {}),
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                // CSS Custom Highlight API in Firefox 140 (the newest API we need; popover 125,
                // storage.session 115, constructable stylesheets 101). 140 is also the first
                // version that reads data_collection_permissions.
                strict_min_version: '140.0',
                // AMO's built-in data consent: this extension collects and transmits nothing.
                data_collection_permissions: { required: ['none'] },
              },
              // Firefox for Android reads data_collection_permissions from 142 on.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {
            // CSS Custom Highlight API 105, storage.session 102, popover (top layer) 114; highlight
            // inheritance for every highlight pseudo 131 (the manifest stylesheet's `:root` rules).
            // caretPositionFromPoint (128) and scheduler.yield (129) are feature-detected.
            minimum_chrome_version: '131',
          }),
    };
  },
  hooks: {
    // WXT builds the toolbar button from the popup entrypoint: the popup's <title> becomes
    // default_title, and for MV2 it writes `browser_action` without this config's `action`.
    // Put the localised title and the icons back on whichever key the browser reads.
    'build:manifestGenerated': (_wxt, manifest) => {
      const button = manifest.browser_action ?? manifest.action;
      if (button) Object.assign(button, TOOLBAR_BUTTON);
      if (manifest.browser_action) delete manifest.action;
      // The highlights' `::highlight()` rules ride with the content script: the browser injects
      // them before the page is first styled (see highlight.ts for why not at run time).
      for (const script of manifest.content_scripts ?? []) {
        if (script.js?.includes('content-scripts/mentions.js')) script.css = [...(script.css ?? []), HIGHLIGHT_STYLESHEET];
      }
    },
    // That stylesheet, written from the pack's entity ids: every style's rules and the keyboard
    // marks', scoped to the root element where highlight styles inherit (Chromium).
    'build:publicAssets': (wxt, files) => {
      files.push({ relativeDest: HIGHLIGHT_STYLESHEET, contents: manifestStylesheet(packEntityIds(), manifestRuleScope(wxt.config.browser)) });
    },
    // Same inputs, same zip: entries sorted by name (WXT adds them in file-system crawl order).
    'zip:extension:done': (wxt, zipPath) => sortZipEntries(zipPath, wxt.config.zip.compressionLevel),
    'zip:sources:done': (wxt, zipPath) => sortZipEntries(zipPath, wxt.config.zip.compressionLevel),
  },
  zip: {
    // AMO reviewers rebuild from the sources zip with `npm ci && npm run build`: it holds
    // exactly what that needs (an allow-list, so nothing else slips in), no tests, no
    // screenshots, no build output. `npm run zip:check` verifies the list and reproducibility.
    excludeSources: ['**'],
    includeSources: SOURCE_FILES,
  },
});
