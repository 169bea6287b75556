/**
 * Schema of the recognition rules (`data/pack/recognition.json`): which surface forms name
 * which entity, and the context rules that decide ambiguous ones. Everything that is about a
 * particular name lives in the JSON; the matcher in `match.ts` only interprets these fields.
 * Pure TypeScript + zod (no DOM).
 */
import { z } from 'zod';

const phrases = z.array(z.string().min(1));

/** Rules for one person entity (e.g. `jeff-sessions`). All strings are folded before use. */
export const personRulesSchema = z.object({
  /** Entity id as in the fact pack, e.g. "jeff-sessions". */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Display name used in `Mention.why`, e.g. "Jeff Sessions". */
  label: z.string().min(1),
  /** Names that identify the person on their own: "Jeff Sessions", "Robert S. Mueller III". */
  fullNames: phrases.min(1),
  /** Bare surnames: "Sessions". Count only with local or page evidence, and only capitalised. */
  surnames: phrases,
  /** Variant spellings ("Muller", "Robert Muller") that count only with local support. */
  weakNames: phrases.default([]),
  /** Titles directly before a surname that settle who it is: "attorney general", "Sen.". */
  titles: phrases.default([]),
  /** Words directly after a surname (possessive allowed between) that settle it: "probe". */
  followers: phrases.default([]),
  /** Words within `contextWindowChars` of a surname (same block) that support it. */
  context: phrases.default([]),
  /** Words anywhere on the page that let a capitalised bare surname count. */
  pageContext: phrases.default([]),
  /**
   * Words anywhere on the page that speak for a namesake's world ("House of Representatives",
   * "H.R." for Rep. Pete Sessions): page-context words count only when they outnumber these.
   */
  pageCounterContext: phrases.default([]),
  /** Titles directly before the surname that mean a namesake ("Rep. Sessions"); such a namesake voids page-level evidence. */
  namesakeTitles: phrases.default([]),
  /** Words directly before the name (a middle initial may sit between) that mean someone or something else. */
  blockBefore: phrases.default([]),
  /** Words directly after the name that mean something else: "Industries", "of Congress". */
  blockAfter: phrases.default([]),
  /**
   * Words directly after a surname that starts a sentence which make it a common noun
   * ("Sessions begin at nine"); mid-sentence they may follow a compound subject ("Trump and Sessions meet").
   */
  blockAfterAtStart: phrases.default([]),
  /** Capitalised words a surname may be hyphenated to ("Sessions-Russia"); any other one blocks it ("Müller-Lyer"). */
  hyphenPartners: phrases.default([]),
});

/** Rules for an event entity named by a verb or noun (e.g. `sessions-recusal`). */
export const eventRulesSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  /** Person whose event this is, e.g. "jeff-sessions". */
  agent: z.string().min(1),
  /** Word forms: "recuse", "recused", "recusal"… */
  forms: phrases.min(1),
  /** Reflexives that join the span: "himself". */
  reflexives: phrases.default([]),
  /** Reflexives that mean someone else acts: "herself", "themselves". */
  blockingReflexives: phrases.default([]),
  /** Forms that, right after the agent's possessive ("Sessions’ recusal"), make one compound mention. */
  possessiveForms: phrases.default([]),
  /** Words that stand for the agent when nearest: "attorney general". */
  selfAgents: phrases.default([]),
  /** Other actors of the same event: "Nunes", "Rosenstein", "judge", "justices". */
  otherAgents: phrases.default([]),
  /** How far back (folded characters, same block) the nearest actor is looked for. */
  agentWindowBeforeChars: z.number().int().positive(),
  /** How far ahead, when nothing is found before. */
  agentWindowAfterChars: z.number().int().nonnegative(),
  /**
   * Forms that, when not joined to the agent's name ("his recusal", "the recusal", not
   * "Sessions’ recusal"), count only where the text says what the event was about: a
   * `topicWords` word in the same block or within `topicWindowChars` of it in the blocks next to it.
   */
  topicForms: phrases.default([]),
  /** Words that name the event's matter: "Russia", "investigation", "probe". Whole words, any case. */
  topicWords: phrases.default([]),
  /** How far (characters) into the neighbouring blocks `topicWords` are looked for. */
  topicWindowChars: z.number().int().nonnegative().default(0),
});

/** The whole rules file. */
export const recognitionSchema = z.object({
  version: z.literal(1),
  /** Half-width, in folded characters, of the window searched for `context` words. */
  contextWindowChars: z.number().int().positive(),
  /**
   * Capitalised words in a row (no punctuation) from which a run is read as a list of
   * surnames, so a first name inside it ("… Rumsfeld Ryan Sessions Sherman …") does not block.
   */
  surnameListMinRun: z.number().int().min(2),
  /** First names of other people: "Pete Sessions", "Thomas Müller" are someone else. */
  otherFirstNames: phrases,
  persons: z.array(personRulesSchema).min(1),
  events: z.array(eventRulesSchema).default([]),
});

/** Parsed recognition rules (output type of {@link recognitionSchema}). */
export type RecognitionRules = z.infer<typeof recognitionSchema>;
/** Rules of one person entity. */
export type PersonRules = z.infer<typeof personRulesSchema>;
/** Rules of one event entity. */
export type EventRules = z.infer<typeof eventRulesSchema>;

/**
 * Validates raw JSON (e.g. the imported `data/pack/recognition.json`).
 * @throws Error naming the first bad field, e.g. `persons.0.surnames: expected array`.
 */
export function parseRecognitionRules(raw: unknown): RecognitionRules {
  const result = recognitionSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`recognition rules: ${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}
