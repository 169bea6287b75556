// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { FactCard } from '@/components/FactCard';
import type { EntityCard } from '@/messaging/protocol';
import { pack } from '@/data/pack';

function cardFor(id: string): EntityCard {
  const entity = pack.entities.find((e) => e.id === id)!;
  const facts = pack.facts
    .filter((f) => f.entityIds.includes(id) && f.key)
    .map((fact) => ({ fact, source: pack.sources.find((s) => s.id === fact.sourceId)! }));
  return { entity, facts, storeStatus: 'indexeddb' };
}

describe('FactCard', () => {
  it("shows the entity's name, summary, dated facts with their verbatim excerpts and sources", () => {
    const root = document.createElement('div');
    const card = cardFor('jeff-sessions');
    render(<FactCard card={card} why="‘Jeff Sessions’ — full name" onOpenStory={() => {}} />, root);
    const text = root.textContent ?? '';
    expect(text).toContain(card.entity.name);
    expect(text).toContain(card.entity.summary);
    for (const { fact, source } of card.facts) {
      expect(text).toContain(fact.excerpt);
      expect(text).toContain(source.publisher);
    }
    expect(text).toContain('Why highlighted: ‘Jeff Sessions’ — full name');
    expect(root.querySelector('button')?.textContent).toBe('Open the full story');
  });

  it('renders page and pack strings as text, never as markup', () => {
    const root = document.createElement('div');
    render(<FactCard card={undefined} error={'<img src=x onerror="alert(1)">'} />, root);
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it('says it is loading while facts are on their way', () => {
    const root = document.createElement('div');
    render(<FactCard card={undefined} />, root);
    expect(root.textContent).toContain('Loading facts');
  });
});
