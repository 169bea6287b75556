import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { recognitionRules } from './scripts/vite-recognition';

/** Firefox add-on id (AMO needs a stable one). */
export const GECKO_ID = 'fact-check-sessions-mueller@factcheck.invalid';

// See https://wxt.dev/api/config.html
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), recognitionRules()] }),
  manifest: ({ browser, manifestVersion, command }) => {
    // Extension pages may load nothing from anywhere: no network at all.
    const csp = "script-src 'self'; object-src 'self'; connect-src 'none'";
    return {
      name: 'Fact-check: Sessions & Mueller',
      description:
        "Quietly highlights Jeff Sessions, Robert Mueller and Sessions' recusal on news pages and explains them with sourced facts.",
      // storage: reader settings (storage.local) and each tab's mentions (storage.session).
      permissions: ['storage'],
      action: { default_title: 'Fact-check: Sessions & Mueller' },
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
                // CSS Custom Highlight API: Firefox 140.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : {
            // CSS Custom Highlight API 105, popover (top layer) 114.
            minimum_chrome_version: '114',
          }),
    };
  },
});
