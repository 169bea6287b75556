import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setMessageSource } from '@/components/i18n';
import { strictCatalogueMessage } from './unit/i18n-source';

// The UI's text from the real English catalogue, as browser.i18n.getMessage gives it; a key
// missing from messages.json fails the test that renders it.
setMessageSource(strictCatalogueMessage);

beforeEach(() => {
  fakeBrowser.reset();
});
