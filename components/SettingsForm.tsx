import type { EntityId } from '@/core/types';
import {
  notThisList,
  withEntityEnabled,
  withoutNotThis,
  withSitePaused,
} from '@/settings/changes';
import type { SettingsEntity } from '@/settings/entities';
import type { Settings } from '@/settings/settings';
import { t, tParts, type MessageKey } from './i18n';
import { ShortLabel } from './ShortLabel';

/** A keyboard shortcut as the browser reports it (`commands.getAll()`); `shortcut` '' when unset. */
export interface ShortcutInfo {
  name: string;
  shortcut: string;
  description: string;
}

/** Props of the reader's controls: current settings in, changes out. */
export interface SettingsFormProps {
  settings: Settings;
  /** The site of the tab the popup describes (enables "Pause on <host>"); absent on the options page. */
  host?: string;
  /** Entities a reader can switch on and off. */
  entities: readonly SettingsEntity[];
  /** Name of an entity for the corrections list. */
  nameOf: (id: EntityId) => string;
  /** The browser's keyboard shortcuts of the extension, when known. */
  shortcuts?: ShortcutInfo[];
  /** Called with a pure change; the caller persists it (settings/settings.ts `updateSettings`). */
  onChange: (change: (current: Settings) => Settings) => void;
  /** Prefix of element ids (unique in the page). */
  idPrefix?: string;
}

/** The highlight styles with the catalogue keys of their label and hint (looked up at render). */
const STYLES: Array<{ value: Settings['highlightStyle']; label: MessageKey; hint: MessageKey }> = [
  { value: 'underline', label: 'settingsStyleUnderline', hint: 'settingsStyleUnderlineHint' },
  { value: 'background', label: 'settingsStyleBackground', hint: 'settingsStyleBackgroundHint' },
  { value: 'off', label: 'settingsStyleOff', hint: 'settingsStyleOffHint' },
];

/**
 * The reader's controls, each independent of the others: pause everywhere, pause on this site,
 * highlight style, which entities to highlight, and the "not this person" corrections (each
 * undoable). Native checkboxes, radios and buttons in labelled fieldsets: fully usable by keyboard.
 */
export function SettingsForm(props: SettingsFormProps) {
  const { settings, host, entities, onChange, nameOf } = props;
  const id = (name: string) => `${props.idPrefix ?? 'fc-settings'}-${name}`;
  const corrections = notThisList(settings);
  const pausedHere = !!host && settings.pausedSites.includes(host);
  const otherPaused = settings.pausedSites.filter((h) => h !== host);
  // Read the control now: the change runs later (after storage is read), when the event is gone.
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

  return (
    <div class="fc-settings">
      <fieldset>
        <legend>{t('settingsHighlighting')}</legend>
        <div class="fc-field">
          <input
            type="checkbox"
            id={id('paused')}
            checked={settings.paused}
            aria-describedby={id('paused-hint')}
            onChange={(e) => {
              const on = checked(e);
              onChange((s) => ({ ...s, paused: on }));
            }}
          />
          <label for={id('paused')}>{t('settingsPauseEverywhere')}</label>
          <p class="fc-hint" id={id('paused-hint')}>
            {t('settingsPauseEverywhereHint')}
          </p>
        </div>
        {host && (
          <div class="fc-field">
            <input
              type="checkbox"
              id={id('paused-here')}
              checked={pausedHere}
              onChange={(e) => {
                const on = checked(e);
                onChange((s) => withSitePaused(s, host, on));
              }}
            />
            <label for={id('paused-here')}>{tParts('settingsPauseOn', [<span class="fc-host">{host}</span>])}</label>
          </div>
        )}
        {otherPaused.length > 0 && (
          <div class="fc-sublist">
            <p id={id('paused-sites')}>{host ? t('settingsAlsoPausedOn') : t('settingsPausedOn')}</p>
            <ul aria-labelledby={id('paused-sites')}>
              {otherPaused.map((site) => (
                <li key={site}>
                  <span class="fc-host">{site}</span>{' '}
                  <button type="button" class="fc-small" onClick={() => onChange((s) => withSitePaused(s, site, false))}>
                    <ShortLabel short={t('settingsResume')} full={t('settingsResumeOn', [site])} />
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('settingsStyleLegend')}</legend>
        {STYLES.map((style) => (
          <div class="fc-field" key={style.value}>
            <input
              type="radio"
              name={id('style')}
              id={id(`style-${style.value}`)}
              value={style.value}
              checked={settings.highlightStyle === style.value}
              aria-describedby={id(`style-${style.value}-hint`)}
              onChange={() => onChange((s) => ({ ...s, highlightStyle: style.value }))}
            />
            <label for={id(`style-${style.value}`)}>{t(style.label)}</label>
            <p class="fc-hint" id={id(`style-${style.value}-hint`)}>
              {t(style.hint)}
            </p>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('settingsEntitiesLegend')}</legend>
        {entities.map((entity) => (
          <div class="fc-field" key={entity.id}>
            <input
              type="checkbox"
              id={id(`entity-${entity.id}`)}
              checked={!settings.disabledEntities.includes(entity.id)}
              onChange={(e) => {
                const on = checked(e);
                onChange((s) => withEntityEnabled(s, entity.id, on));
              }}
            />
            <label for={id(`entity-${entity.id}`)}>{entity.name}</label>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t('settingsCorrectionsLegend')}</legend>
        {corrections.length === 0 ? (
          <p class="fc-hint">{t('settingsNoCorrections')}</p>
        ) : (
          <ul class="fc-corrections">
            {corrections.map(({ host: site, entityId }) => (
              <li key={`${site} ${entityId}`}>
                <span>
                  {tParts('settingsCorrectionOn', [nameOf(entityId), <span class="fc-host">{site}</span>], hintWords)}
                </span>{' '}
                <button
                  type="button"
                  class="fc-small"
                  onClick={() => onChange((s) => withoutNotThis(s, site, entityId))}
                >
                  <ShortLabel short={t('settingsUndo')} full={t('settingsUndoLabel', [nameOf(entityId), site])} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {props.shortcuts && props.shortcuts.length > 0 && (
        <fieldset>
          <legend>{t('settingsKeyboardLegend')}</legend>
          <dl class="fc-shortcuts">
            {props.shortcuts.map((s) => (
              <div key={s.name}>
                <dt>{s.shortcut ? <kbd>{s.shortcut}</kbd> : <span class="fc-hint">{t('settingsShortcutNotSet')}</span>}</dt>
                <dd>{s.description}</dd>
              </div>
            ))}
          </dl>
          <p class="fc-hint">{t('settingsCardKeys')}</p>
          <p class="fc-hint">
            {tParts('settingsShortcutsWhere', [
              <span class="fc-host">chrome://extensions/shortcuts</span>,
              <span class="fc-host">about:addons</span>,
            ])}
          </p>
        </fieldset>
      )}
    </div>
  );
}

/**
 * The connecting words of "Jeff Sessions on a.example" in the hint style, the spaces around them
 * kept as they are: " on " → " ", <span>on</span>, " ".
 */
function hintWords(text: string) {
  const [, before, words, after] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  return words ? (
    <>
      {before}
      <span class="fc-hint">{words}</span>
      {after}
    </>
  ) : (
    text
  );
}
