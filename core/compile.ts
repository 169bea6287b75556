import { compileValidRules, type Recognizer } from './match';
import { parseRecognitionRules, type RecognitionRules } from './recognition';

/**
 * Validates recognition rules (e.g. the imported `data/pack/recognition.json`) with
 * `recognitionSchema`, fills optional fields with defaults, and compiles them once into a
 * recognizer (one automaton for every alias and cue word).
 * @throws Error naming the bad field when the rules do not fit the schema
 *   (`recognition rules: persons.0.fullNames: …`), or when an event names an unknown agent.
 */
export function compileRecognizer(input: RecognitionRules | unknown): Recognizer {
  return compileValidRules(parseRecognitionRules(input));
}
