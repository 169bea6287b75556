import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

/** One tab: its id (used in element ids) and its visible label. */
export interface TabSpec<Id extends string = string> {
  id: Id;
  label: ComponentChildren;
}

/** Element ids of a tab and its panel, so the panel can point back at its tab. */
export const tabIds = (prefix: string, id: string) => ({ tab: `${prefix}-tab-${id}`, panel: `${prefix}-panel-${id}` });

/**
 * A WAI-ARIA tab list (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/) with automatic
 * activation: one tab stop (roving tabindex), ←/→ move and select (wrapping), Home/End go to the
 * first/last tab. The panels are the caller's: give each `role="tabpanel"`, the id from
 * `tabIds(prefix, id).panel` and `aria-labelledby` its tab id.
 */
export function Tabs<Id extends string>(props: {
  /** Accessible name of the tab list. */
  label: string;
  tabs: TabSpec<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  /** Prefix of the tab and panel ids (unique in the page). */
  idPrefix: string;
}) {
  const { tabs, selected, onSelect, idPrefix } = props;
  const list = useRef<HTMLDivElement>(null);

  const selectAt = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`#${tabIds(idPrefix, tab.id).tab}`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const keys: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 };
    const to = keys[event.key];
    if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    selectAt(to);
  };

  return (
    <div class="fc-tabs" role="tablist" aria-label={props.label} ref={list} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const ids = tabIds(idPrefix, tab.id);
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={ids.tab}
            aria-controls={ids.panel}
            aria-selected={isSelected ? 'true' : 'false'}
            tabIndex={isSelected ? 0 : -1}
            class="fc-tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
