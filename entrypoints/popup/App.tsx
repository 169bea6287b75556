/**
 * The toolbar popup (also opened as a tab by "Open the full story"): four tabs — the story of
 * the Sessions–Trump relationship from the fact store, the mentions found on the current tab,
 * search, and the reader's settings. It asks the background for data; it never opens the store.
 *
 * URL parameters: `tab=<id>` describes that tab instead of the active one (the page opened by a
 * card), `entity=<id>` opens the story at that entity, `view=story|page|search|settings`.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatDate } from '@/components/format';
import { t, type MessageKey } from '@/components/i18n';
import { SettingsForm, type ShortcutInfo } from '@/components/SettingsForm';
import { Tabs, tabIds, type TabSpec } from '@/components/Tabs';
import { sendToBackground, sendToTab } from '@/messaging/client';
import type { Story } from '@/messaging/protocol';
import { entityName, HIGHLIGHTED_ENTITIES } from '@/settings/entities';
import { isPausedOn, readSettings, updateSettings, watchSettings, type Settings } from '@/settings/settings';
import { PagePanel, type TabMention } from './PagePanel';
import { SearchPanel } from './SearchPanel';
import { StoryPanel } from './StoryPanel';

type View = 'story' | 'page' | 'search' | 'settings';
const VIEWS: View[] = ['story', 'page', 'search', 'settings'];

/** The tab this popup describes: `?tab=<id>` when opened as a page, else the active tab. */
async function targetTab(): Promise<{ id: number; host: string } | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  try {
    if (param) {
      const tab = await browser.tabs.get(Number(param));
      return tab.id === undefined ? undefined : { id: tab.id, host: hostOf(tab.url) };
    }
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? undefined : { id: tab.id, host: hostOf(tab.url) };
  } catch {
    return undefined;
  }
}

/**
 * Host of an http(s) URL; '' for other schemes or when the URL is hidden. Without the `tabs`
 * permission Chrome hides `tab.url`, so the popup asks the content script's report instead.
 */
function hostOf(url: string | undefined): string {
  try {
    const u = url ? new URL(url) : undefined;
    return u && (u.protocol === 'http:' || u.protocol === 'https:') ? u.hostname : '';
  } catch {
    return '';
  }
}

/** The extension's keyboard shortcuts as the browser has them (the reader may have changed them). */
async function readShortcuts(): Promise<ShortcutInfo[]> {
  try {
    const commands = await browser.commands.getAll();
    return commands
      .filter((c) => c.name && c.name !== '_execute_action' && c.name !== '_execute_browser_action')
      .map((c) => ({ name: c.name ?? '', shortcut: c.shortcut ?? '', description: c.description ?? '' }));
  } catch {
    return [];
  }
}

export function App() {
  const params = useMemo(() => new URLSearchParams(location.search), []);
  const focusEntity = params.get('entity') ?? undefined;
  const initial = params.get('view') as View | null;
  const [view, setView] = useState<View>(initial && VIEWS.includes(initial) ? initial : 'story');
  const [story, setStory] = useState<Story>();
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState<{ id: number; host: string }>();
  const [mentions, setMentions] = useState<TabMention[]>([]);
  const [pageHost, setPageHost] = useState('');
  const [settings, setSettings] = useState<Settings>();
  const [shortcuts, setShortcuts] = useState<ShortcutInfo[]>([]);

  useEffect(() => {
    void sendToBackground('getStory', {}).then((reply) => (reply.ok ? setStory(reply.value) : setError(reply.message)));
    let tabId: number | undefined;
    const loadMentions = async () => {
      if (tabId === undefined) return;
      const reply = await sendToBackground('getTabMentions', { tabId });
      if (reply.ok) setMentions(reply.value);
    };
    void targetTab().then((t) => {
      setTab(t);
      tabId = t?.id;
      void loadMentions();
    });
    void readSettings().then(setSettings);
    void readShortcuts().then(setShortcuts);
    const unwatch = watchSettings(setSettings);
    // Mentions arrive while the popup is open (a page still loading, a setting just changed):
    // the background keeps them in storage.session, so follow its changes.
    const onStorage = (_changes: unknown, area: string) => area === 'session' && void loadMentions();
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      unwatch();
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, []);

  // Without the `tabs` permission the popup cannot read the tab's URL; the page's own report can.
  useEffect(() => {
    if (!tab || tab.host) return;
    void sendToTab(tab.id, 'getPageHost', {}, 0).then((reply) => reply.ok && setPageHost(reply.value));
  }, [tab, mentions.length]);
  const host = tab?.host || pageHost;

  useEffect(() => {
    if (story && focusEntity) document.getElementById(`entity-${focusEntity}`)?.scrollIntoView({ block: 'start' });
  }, [story, focusEntity]);

  useEffect(() => {
    document.title = view === 'story' ? t('extName') : t('popupViewTitle', [t(TAB_TITLES[view])]);
  }, [view]);

  const names = useMemo(() => new Map(story?.entities.map((e) => [e.id, e.name]) ?? []), [story]);
  const mentioned = useMemo(() => new Set(mentions.map((m) => m.entityId)), [mentions]);
  const paused = !!settings && isPausedOn(settings, host);

  const tabs: TabSpec<View>[] = [
    { id: 'story', label: t(TAB_TITLES.story) },
    {
      id: 'page',
      label: (
        <>
          {t(TAB_TITLES.page)} <span class="fc-pill">{mentions.length}</span>
        </>
      ),
    },
    { id: 'search', label: t(TAB_TITLES.search) },
    { id: 'settings', label: t(TAB_TITLES.settings) },
  ];

  const panel = (id: View, content: ComponentChildren) => {
    const ids = tabIds('fc', id);
    return (
      <section role="tabpanel" id={ids.panel} aria-labelledby={ids.tab} tabIndex={0} hidden={view !== id} class="fc-panel">
        {content}
      </section>
    );
  };

  return (
    <div class="fc-popup">
      <header class="fc-top">
        <h1>{t('extName')}</h1>
        {settings?.paused && <p class="fc-paused">{t('popupPausedEverywhere')}</p>}
        {!settings?.paused && paused && <p class="fc-paused">{t('popupPausedOn', [host])}</p>}
        <Tabs label={t('popupTabsLabel')} tabs={tabs} selected={view} onSelect={setView} idPrefix="fc" />
      </header>
      <main>
        {panel(
          'story',
          <>
            {error && <p role="alert">{t('popupStoryError', [error])}</p>}
            {!story && !error && <p role="status">{t('popupStoryLoading')}</p>}
            {story && <StoryPanel story={story} mentioned={mentioned} focusEntity={focusEntity} />}
          </>,
        )}
        {panel(
          'page',
          <PagePanel
            mentions={mentions}
            names={names.size ? names : new Map(HIGHLIGHTED_ENTITIES.map((e) => [e.id, e.name]))}
            canReveal={tab !== undefined}
            paused={paused}
            onReveal={async ({ mention, index }) => {
              if (tab === undefined) return false;
              const reply = await sendToTab(tab.id, 'revealMention', { index }, mention.frameId);
              // Opened as a tab ("Open the full story"), the page is behind us: bring it forward.
              if (reply.ok && reply.value && document.documentElement.classList.contains('fc-as-page')) {
                await browser.tabs.update(tab.id, { active: true }).catch(() => undefined);
              }
              return reply.ok && reply.value;
            }}
          />,
        )}
        {panel('search', <SearchPanel search={(query) => sendToBackground('search', { query })} />)}
        {panel(
          'settings',
          settings ? (
            <>
              <SettingsForm
                settings={settings}
                host={host || undefined}
                entities={HIGHLIGHTED_ENTITIES}
                nameOf={entityName}
                shortcuts={shortcuts}
                idPrefix="fc-popup-settings"
                onChange={(change) => void updateSettings(change)}
              />
              <p>
                <button type="button" class="fc-small" onClick={() => void browser.runtime.openOptionsPage()}>
                  {t('popupOpenSettingsPage')}
                </button>
              </p>
            </>
          ) : (
            <p role="status">{t('settingsLoading')}</p>
          ),
        )}
      </main>
      {story && (
        <footer class="fc-receipt">
          <p>
            {t('popupReceipt', [
              story.meta.version,
              formatDate(story.meta.date),
              story.storeStatus === 'indexeddb' ? t('popupStoredInBrowser') : t('popupStoredInMemory'),
            ])}
          </p>
          {story.storeProblem && <p role="status">{t('storeUnavailable', [story.storeProblem])}</p>}
        </footer>
      )}
    </div>
  );
}

/** Catalogue keys of the views' names (tab labels and window titles). */
const TAB_TITLES: Record<View, MessageKey> = {
  story: 'popupTabStory',
  page: 'popupTabPage',
  search: 'popupTabSearch',
  settings: 'popupTabSettings',
};
