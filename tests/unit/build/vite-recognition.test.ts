import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import rulesJson from '@/data/pack/recognition.json';
import { recognitionRules } from '@/scripts/vite-recognition';

/** Runs the plugin's load hook for the virtual module on a rules file. */
function load(rules: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fc-rules-')), 'recognition.json');
  writeFileSync(file, JSON.stringify(rules));
  const plugin = recognitionRules(file);
  const hook = plugin.load as unknown as (this: { addWatchFile(f: string): void }, id: string) => string;
  return hook.call({ addWatchFile: () => undefined }, '\0virtual:fc-recognition');
}

describe('virtual:fc-recognition (build-time rules)', () => {
  it('serves the pack rules as a module', () => {
    const code = load(rulesJson);
    expect(code.startsWith('export default {')).toBe(true);
    expect(JSON.parse(code.slice('export default '.length, -1)).persons.map((p: { id: string }) => p.id)).toEqual(rulesJson.persons.map((p) => p.id));
  });

  it('fails the build naming the field when an event names an unknown agent (the content script compiles lazily)', () => {
    const bad = structuredClone(rulesJson) as { events: Array<{ agent: string }> };
    bad.events[0]!.agent = 'nobody';
    expect(() => load(bad)).toThrow(/events\.0\.agent: unknown person "nobody"/);
  });
});
