// @vitest-environment happy-dom
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Tabs, tabIds } from '@/components/Tabs';

function Harness() {
  const [selected, setSelected] = useState<'a' | 'b' | 'c'>('a');
  return (
    <>
      <Tabs
        label="Views"
        idPrefix="t"
        selected={selected}
        onSelect={setSelected}
        tabs={[
          { id: 'a', label: 'Alpha' },
          { id: 'b', label: 'Beta' },
          { id: 'c', label: 'Gamma' },
        ]}
      />
      {(['a', 'b', 'c'] as const).map((id) => (
        <div key={id} role="tabpanel" id={tabIds('t', id).panel} aria-labelledby={tabIds('t', id).tab} hidden={id !== selected}>
          panel {id}
        </div>
      ))}
    </>
  );
}

const tabs = (root: HTMLElement) => [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const key = (el: Element, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

describe('Tabs', () => {
  it('is a labelled tablist whose tabs control their panels, one tab stop', () => {
    const root = document.createElement('div');
    document.body.append(root);
    act(() => render(<Harness />, root));
    expect(root.querySelector('[role="tablist"]')?.getAttribute('aria-label')).toBe('Views');
    const [a, b] = tabs(root);
    expect(a?.getAttribute('aria-selected')).toBe('true');
    expect(a?.getAttribute('aria-controls')).toBe('t-panel-a');
    expect(a?.tabIndex).toBe(0);
    expect(b?.tabIndex).toBe(-1);
    expect(root.querySelector('#t-panel-b')?.hasAttribute('hidden')).toBe(true);
    root.remove();
  });

  it('moves and selects with the arrow keys (wrapping), Home and End, and follows focus', () => {
    const root = document.createElement('div');
    document.body.append(root);
    act(() => render(<Harness />, root));
    const list = root.querySelector('[role="tablist"]')!;
    key(list, 'ArrowLeft');
    expect(tabs(root)[2]?.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement?.id).toBe('t-tab-c');
    key(list, 'ArrowRight');
    expect(tabs(root)[0]?.getAttribute('aria-selected')).toBe('true');
    key(list, 'End');
    expect(tabs(root)[2]?.getAttribute('aria-selected')).toBe('true');
    key(list, 'Home');
    expect(tabs(root)[0]?.getAttribute('aria-selected')).toBe('true');
    act(() => tabs(root)[1]!.click());
    expect(tabs(root)[1]?.getAttribute('aria-selected')).toBe('true');
    expect(root.querySelector('#t-panel-b')?.hasAttribute('hidden')).toBe(false);
    root.remove();
  });
});
