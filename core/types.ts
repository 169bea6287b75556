/**
 * Shared shapes of the core (pure TypeScript: no DOM, no browser API).
 * Offsets are UTF-16 code-unit offsets into one block's text, `end` exclusive.
 */

/** Identifier of an entity in the fact pack, e.g. `jeff-sessions`. */
export type EntityId = string;

/** W3C Web Annotation TextQuoteSelector: the exact text plus up to 32 characters either side. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * One accepted occurrence of an alias in one block of page text.
 * `start`/`end` index the block text given to the matcher and cover exactly the page's
 * characters of the name (invisible characters inside it included).
 */
export interface Mention {
  entityId: EntityId;
  start: number;
  end: number;
  /** The alias (as written in the pack) that matched, e.g. "Sessions". */
  alias: string;
  /** One human line saying why this counts, e.g. "‘Sessions’ — same page names Jeff Sessions". */
  why: string;
}
