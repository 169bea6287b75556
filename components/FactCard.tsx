import type { EntityCard } from '@/messaging/protocol';
import { datedLabel } from './format';
import { t } from './i18n';
import { SourceQuote } from './SourceQuote';

/** Props of the fact card: the card data (or its loading / error state) and the reader's actions. */
export interface FactCardProps {
  card: EntityCard | undefined;
  /** Set while the card could not be loaded; shown instead of facts. */
  error?: string;
  /** One line saying why this mention was highlighted, from the matcher. */
  why?: string;
  /** Heading id, so the dialog can be labelled by it. */
  headingId?: string;
  onOpenStory?: () => void;
  onNotThisPerson?: () => void;
  onRetry?: () => void;
}

/**
 * The fact card: the entity's name, role and summary, its key dated facts each with a verbatim
 * excerpt and source, why the mention counts, and "Open the full story". Text only: page and
 * pack strings are rendered as Preact text nodes, never as HTML.
 */
export function FactCard(props: FactCardProps) {
  const { card, error, why } = props;
  if (!card) {
    return (
      <div class="fc-card" aria-busy={!error}>
        {error ? (
          <p class="fc-status" role="status">
            {error}{' '}
            {props.onRetry && (
              <button type="button" class="fc-link" onClick={props.onRetry}>
                {t('cardRetry')}
              </button>
            )}
          </p>
        ) : (
          <p class="fc-status" role="status">
            {t('cardLoading')}
          </p>
        )}
      </div>
    );
  }
  const { entity, facts } = card;
  return (
    <div class="fc-card">
      <header>
        <h2 id={props.headingId}>{entity.name}</h2>
        {entity.role && <p class="fc-role">{entity.role}</p>}
      </header>
      {why && <p class="fc-why">{t('cardWhyHighlighted', [why])}</p>}
      <p class="fc-summary">{entity.summary}</p>
      <ol class="fc-facts">
        {facts.map(({ fact, source }) => (
          <li key={fact.id}>
            <p class="fc-claim">
              <time dateTime={fact.date}>{datedLabel(fact)}</time>
              {' — '}
              {fact.claim}
            </p>
            <SourceQuote excerpt={fact.excerpt} source={source} />
          </li>
        ))}
      </ol>
      <footer>
        {props.onOpenStory && (
          <button type="button" class="fc-primary" onClick={props.onOpenStory}>
            {t('cardOpenStory')}
          </button>
        )}
        {props.onNotThisPerson && (
          <button type="button" class="fc-link" onClick={props.onNotThisPerson}>
            {entity.kind === 'person' ? t('cardNotThisPerson') : t('cardNotThis')}
          </button>
        )}
      </footer>
      {card.storeStatus === 'memory' && <p class="fc-note">{t('cardBundledPack')}</p>}
    </div>
  );
}
