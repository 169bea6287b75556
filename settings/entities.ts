/**
 * The entities a reader can switch highlighting on and off for: those of the bundled pack with
 * `highlight: true` (the ones content scripts annotate), with their names.
 */
import entities from '@/data/pack/entities.json';
import type { EntityId } from '@/core/types';

/** An entity as the settings show it. */
export interface SettingsEntity {
  id: EntityId;
  name: string;
  kind: 'person' | 'event';
}

/** Highlighted entities in pack order. */
export const HIGHLIGHTED_ENTITIES: readonly SettingsEntity[] = entities
  .filter((e) => e.highlight)
  .map((e) => ({ id: e.id, name: e.name, kind: e.kind === 'event' ? 'event' : 'person' }));

/** Name of any pack entity (highlighted or not), or the id when the pack has no such entity. */
export function entityName(id: EntityId): string {
  return entities.find((e) => e.id === id)?.name ?? id;
}
