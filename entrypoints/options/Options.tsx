/**
 * The options page (`options_ui`): the same reader controls as the popup's Settings tab, with
 * every paused site listed (there is no "this site" here). Changes are saved to extension storage
 * at once and reach open tabs without reload (the content scripts watch the settings).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/components/i18n';
import { SettingsForm, type ShortcutInfo } from '@/components/SettingsForm';
import { entityName, HIGHLIGHTED_ENTITIES } from '@/settings/entities';
import { readSettings, updateSettings, watchSettings, type Settings } from '@/settings/settings';

async function readShortcuts(): Promise<ShortcutInfo[]> {
  try {
    return (await browser.commands.getAll())
      .filter((c) => c.name && !c.name.startsWith('_execute'))
      .map((c) => ({ name: c.name ?? '', shortcut: c.shortcut ?? '', description: c.description ?? '' }));
  } catch {
    return [];
  }
}

export function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [shortcuts, setShortcuts] = useState<ShortcutInfo[]>([]);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    void readSettings().then(setSettings);
    void readShortcuts().then(setShortcuts);
    return watchSettings(setSettings);
  }, []);

  return (
    <main class="fc-options">
      <h1>{t('optionsHeading')}</h1>
      <p class="fc-lede">{t('optionsLede')}</p>
      {settings ? (
        <SettingsForm
          settings={settings}
          entities={HIGHLIGHTED_ENTITIES}
          nameOf={entityName}
          shortcuts={shortcuts}
          idPrefix="fc-options"
          onChange={(change) => {
            setSaved('');
            void updateSettings(change).then(
              () => setSaved(t('optionsSaved')),
              () => setSaved(t('optionsSaveFailed')),
            );
          }}
        />
      ) : (
        <p role="status">{t('settingsLoading')}</p>
      )}
      <p class="fc-saved" role="status">
        {saved}
      </p>
    </main>
  );
}
