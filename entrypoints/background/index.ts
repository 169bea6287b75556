import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getReader, handleCommand, handleMessage } from './handlers';
import { clearTab } from './tab-mentions';

export default defineBackground(() => {
  // Listeners are registered synchronously: a stopped worker is woken by the event itself,
  // and no state lives only in memory (the store is reopened lazily, tab mentions are in
  // storage.session).
  browser.runtime.onInstalled.addListener(() => {
    void getReader();
  });
  browser.runtime.onMessage.addListener(handleMessage);
  // Keyboard: next / previous mention (manifest `commands`); `commands` needs no permission.
  browser.commands?.onCommand.addListener((command, tab) => void handleCommand(command, tab));
  browser.tabs.onRemoved.addListener((tabId) => void clearTab(tabId));
  // A new document in the tab: its content scripts report afresh (no `tabs` permission needed).
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void clearTab(tabId);
  });
});
