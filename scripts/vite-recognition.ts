/**
 * A Vite plugin that validates and test-compiles `data/pack/recognition.json` at build time and
 * serves it, with optional fields defaulted, as the virtual module `virtual:fc-recognition`. The
 * content script imports the validated rules, so neither the schema library nor a validation
 * pass runs on the reader's pages; a malformed rules file fails the build naming the field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { compileValidRules } from '../core/match';
import { parseRecognitionRules } from '../core/recognition';

const ID = 'virtual:fc-recognition';
const RESOLVED = `\0${ID}`;

/** The plugin; `file` defaults to `data/pack/recognition.json` under the project root. */
export function recognitionRules(file = resolve('data/pack/recognition.json')): Plugin {
  return {
    name: 'fc-recognition-rules',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(file);
      const rules = parseRecognitionRules(JSON.parse(readFileSync(file, 'utf8')));
      // The content script compiles the rules lazily (first block that may hold a name): what
      // only the compile checks (an event's agent is a listed person) fails the build here.
      compileValidRules(rules);
      return `export default ${JSON.stringify(rules)};`;
    },
  };
}

/**
 * Ids of every entity the pack's rules name (persons, then events), for build steps that need
 * them outside Vite (the manifest stylesheet, see wxt.config.ts).
 * @throws Error naming the field when the rules file is malformed.
 */
export function packEntityIds(file = resolve('data/pack/recognition.json')): string[] {
  const rules = parseRecognitionRules(JSON.parse(readFileSync(file, 'utf8')));
  return [...rules.persons, ...rules.events].map((e) => e.id);
}
