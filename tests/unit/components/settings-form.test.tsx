// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { SettingsForm } from '@/components/SettingsForm';
import { entityName, HIGHLIGHTED_ENTITIES } from '@/settings/entities';
import { DEFAULT_SETTINGS, type Settings } from '@/settings/settings';

/**
 * Renders the form around `initial`, applying every change later, as `updateSettings` does (after
 * reading storage, when the DOM event is long gone); returns the latest settings.
 */
function mount(initial: Settings, host?: string) {
  const root = document.createElement('div');
  document.body.append(root);
  let current = initial;
  const draw = () => render(<SettingsForm settings={current} host={host} entities={HIGHLIGHTED_ENTITIES} nameOf={entityName} onChange={(change) => void Promise.resolve().then(() => { current = change(current); draw(); })} />, root);
  act(draw);
  const byLabel = (text: string) => {
    const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
    return root.querySelector<HTMLInputElement>(`#${label?.getAttribute('for')}`)!;
  };
  return { root, byLabel, get settings() { return current; } };
}

describe('SettingsForm', () => {
  it('changes each setting independently of the others', async () => {
    const form = mount(DEFAULT_SETTINGS, 'news.example');
    await act(async () => form.byLabel('Pause on news.example').click());
    expect(form.settings).toEqual({ ...DEFAULT_SETTINGS, pausedSites: ['news.example'] });
    await act(async () => form.byLabel('Pause everywhere').click());
    expect(form.settings.paused).toBe(true);
    expect(form.settings.pausedSites).toEqual(['news.example']);
    await act(async () => form.byLabel('Background').click());
    expect(form.settings.highlightStyle).toBe('background');
    await act(async () => form.byLabel('Off until hover').click());
    expect(form.settings.highlightStyle).toBe('off');
    await act(async () => form.byLabel('Robert Mueller').click());
    expect(form.settings.disabledEntities).toEqual(['robert-mueller']);
    expect(form.byLabel('Robert Mueller').checked).toBe(false);
    expect(form.byLabel('Jeff Sessions').checked).toBe(true);
    expect(form.settings.paused).toBe(true);
    form.root.remove();
  });

  it('lists "not this person" corrections and undoes one with its button', async () => {
    const form = mount({ ...DEFAULT_SETTINGS, notThis: { 'a.example': ['jeff-sessions', 'robert-mueller'] } });
    const items = [...form.root.querySelectorAll('.fc-corrections li')];
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Jeff Sessions on a.example'),
      expect.stringContaining('Robert Mueller on a.example'),
    ]);
    const undo = items[0]!.querySelector('button')!;
    expect(undo.textContent).toBe('Undo: highlight Jeff Sessions on a.example again');
    await act(async () => undo.click());
    expect(form.settings.notThis).toEqual({ 'a.example': ['robert-mueller'] });
    expect(form.root.querySelectorAll('.fc-corrections li')).toHaveLength(1);
    form.root.remove();
  });

  it('shows paused sites with a resume button where there is no current site (options page)', async () => {
    const form = mount({ ...DEFAULT_SETTINGS, pausedSites: ['x.example'] });
    expect(form.root.textContent).not.toContain('Pause on');
    const resume = form.root.querySelector<HTMLButtonElement>('.fc-sublist button')!;
    expect(resume.textContent).toBe('Resume on x.example');
    await act(async () => resume.click());
    expect(form.settings.pausedSites).toEqual([]);
    form.root.remove();
  });

  it('puts every control in a fieldset with a legend and gives each input a label', () => {
    const form = mount(DEFAULT_SETTINGS, 'news.example');
    for (const input of form.root.querySelectorAll('input')) {
      expect(form.root.querySelector(`label[for="${input.id}"]`), input.id).not.toBeNull();
      expect(input.closest('fieldset')?.querySelector('legend')?.textContent).toBeTruthy();
    }
    form.root.remove();
  });
});
