/**
 * The story: the dated timeline (events this tab mentions are marked), the people and events
 * with their cards, whom the sources quote, the claims in ClaimReview shape, and the sources.
 * Each section is a native disclosure (`<details>`): keyboard-operable without script.
 */
import type { ComponentChildren } from 'preact';
import { datedLabel, formatDate, fragmentUrl } from '@/components/format';
import { t, tParts } from '@/components/i18n';
import { ShortLabel } from '@/components/ShortLabel';
import { SourceQuote } from '@/components/SourceQuote';
import type { EntityId } from '@/core/types';
import type { Quote, Source } from '@/data/schema';
import type { FactView, Story } from '@/messaging/protocol';

/** A collapsible section whose summary is its heading. */
function Section(props: { id: string; title: string; count?: number; open?: boolean; children: ComponentChildren }) {
  return (
    <details class="fc-section" id={props.id} open={props.open}>
      <summary>
        <h2>
          {props.title}
          {props.count !== undefined && <span class="fc-count"> ({props.count})</span>}
        </h2>
      </summary>
      <div class="fc-section-body">{props.children}</div>
    </details>
  );
}

/** "March 2017 – November 7, 2018": the span of an entity's dated facts. */
export function factSpan(facts: FactView[]): string | undefined {
  const first = facts[0]?.fact;
  const last = facts[facts.length - 1]?.fact;
  if (!first || !last) return undefined;
  const a = formatDate(first.date, first.datePrecision);
  const b = formatDate(last.date, last.datePrecision);
  return a === b ? a : `${a} – ${b}`;
}

/** Quotes grouped by who said them, in order of first appearance, with that person's role. */
export function quotesBySpeaker(quotes: Story['quotes']): Array<{ speaker: string; role: string; quotes: Array<{ quote: Quote; source: Source }> }> {
  const groups = new Map<string, { speaker: string; role: string; quotes: Array<{ quote: Quote; source: Source }> }>();
  for (const item of quotes) {
    const group = groups.get(item.quote.speaker) ?? { speaker: item.quote.speaker, role: item.quote.speakerRole, quotes: [] };
    group.quotes.push(item);
    groups.set(item.quote.speaker, group);
  }
  return [...groups.values()];
}

/** The story panel. `mentioned`: entities the current tab mentions; `focusEntity` opens People. */
export function StoryPanel(props: { story: Story; mentioned: ReadonlySet<EntityId>; focusEntity?: EntityId }) {
  const { story, mentioned, focusEntity } = props;
  const names = new Map(story.entities.map((e) => [e.id, e.name]));
  const first = story.timeline[0]?.event;
  const last = story.timeline[story.timeline.length - 1]?.event;
  const speakers = quotesBySpeaker(story.quotes);
  return (
    <>
      <p class="fc-lede">
        {first && last
          ? t('storyLede', [formatDate(first.date, first.datePrecision), formatDate(last.date, last.datePrecision)])
          : t('storyLedeUndated')}
      </p>

      <Section id="timeline" title={t('storyTimeline')} count={story.timeline.length} open>
        <ol class="fc-timeline">
          {story.timeline.map(({ event, fact, source }) => {
            const here = event.entityIds.filter((id) => mentioned.has(id));
            return (
              <li key={event.id} class={here.length ? 'fc-on-page' : undefined}>
                <p class="fc-event-date">
                  <time dateTime={event.date}>{datedLabel(event)}</time>
                  {here.length > 0 && (
                    <span class="fc-badge">
                      <ShortLabel
                        short={t('storyOnThisPage')}
                        full={t('storyOnThisPageNames', [here.map((id) => names.get(id) ?? id).join(', ')])}
                      />
                    </span>
                  )}
                </p>
                <p class="fc-event">{event.title}</p>
                <SourceQuote excerpt={fact.excerpt} source={source} />
              </li>
            );
          })}
        </ol>
      </Section>

      <Section id="people" title={t('storyPeopleAndEvents')} count={story.entities.length} open={!!focusEntity}>
        {story.entities.map((entity) => {
          const facts = story.factsByEntity[entity.id] ?? [];
          const span = factSpan(facts);
          return (
            <article
              key={entity.id}
              id={`entity-${entity.id}`}
              class={`fc-card fc-entity${mentioned.has(entity.id) ? ' fc-on-page' : ''}`}
              aria-labelledby={`entity-${entity.id}-h`}
            >
              <header>
                <h3 id={`entity-${entity.id}-h`}>{entity.name}</h3>
                <p class="fc-role">{entity.role}</p>
                {span && (
                  <p class="fc-role">
                    {t('storyDatedFacts', [span])}
                    {mentioned.has(entity.id) && <span class="fc-badge">{t('storyOnThisPage')}</span>}
                  </p>
                )}
              </header>
              <p class="fc-summary">{entity.summary}</p>
              {facts.length > 0 && (
                <details class="fc-facts-toggle" open={entity.id === focusEntity}>
                  <summary>{facts.length === 1 ? t('storyFactCountOne') : t('storyFactCount', [facts.length])}</summary>
                  <ol class="fc-facts">
                    {facts.map(({ fact, source }) => (
                      <li key={fact.id}>
                        <p class="fc-claim">
                          <time dateTime={fact.date}>{datedLabel(fact)}</time> — {fact.claim}
                        </p>
                        <SourceQuote excerpt={fact.excerpt} source={source} />
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </article>
          );
        })}
        <h3 class="fc-subhead">{t('storyQuotedInSources')}</h3>
        <ul class="fc-list fc-speakers">
          {speakers.map((group) => (
            <li key={group.speaker} class="fc-card">
              <p class="fc-speaker">
                <strong>{group.speaker}</strong>, <span class="fc-role">{group.role}</span>
              </p>
              {group.quotes.map(({ quote, source }) => (
                <figure key={quote.id} class="fc-quote fc-said">
                  <blockquote>{quote.text}</blockquote>
                  <figcaption>
                    — {quote.speaker}, {quote.speakerRole} ·{' '}
                    <time dateTime={quote.date}>{datedLabel(quote)}</time> ·{' '}
                    <a href={fragmentUrl(source.url, quote.excerpt)} target="_blank" rel="noopener noreferrer">
                      {source.publisher}
                    </a>
                  </figcaption>
                </figure>
              ))}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="claims" title={t('storyClaimsChecked')} count={story.claims.length}>
        <p class="fc-hint">{t('storyClaimsHint')}</p>
        <ul class="fc-list">
          {story.claims.map((claim) => (
            <li key={claim.id} class="fc-card fc-claim-review" itemScope itemType="https://schema.org/ClaimReview">
              <p class="fc-claim-text" itemProp="claimReviewed">
                {claim.claimReviewed}
              </p>
              <p class="fc-rating" itemProp="reviewRating" itemScope itemType="https://schema.org/Rating">
                {t('storyRating')}{' '}
                <span class={`fc-rating-label fc-rating-${ratingTone(claim.reviewRating.alternateName)}`} itemProp="alternateName">
                  {claim.reviewRating.alternateName}
                </span>
              </p>
              <figure class="fc-quote">
                <blockquote>{claim.excerpt}</blockquote>
                <figcaption>
                  <a href={claim.url} target="_blank" rel="noopener noreferrer" itemProp="url">
                    {story.sources.find((s) => s.id === claim.sourceId)?.publisher ?? t('storySourceFallback')}
                  </a>
                </figcaption>
              </figure>
              <p class="fc-role">
                {claim.itemReviewed.author ? t('storyClaimBy', [claim.itemReviewed.author.name]) : t('storyClaimNoAuthor')}
                {claim.itemReviewed.datePublished ? `, ${formatDate(claim.itemReviewed.datePublished)}` : ''}
                {' · '}
                {tParts('storyReviewed', [
                  <time dateTime={claim.datePublished} itemProp="datePublished">
                    {formatDate(claim.datePublished)}
                  </time>,
                ])}
              </p>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="sources" title={t('storySources')} count={story.sources.length}>
        <ul class="fc-list fc-sources">
          {story.sources.map((s) => (
            <li key={s.id}>
              <a href={s.url} target="_blank" rel="noopener noreferrer">
                {s.title}
              </a>
              <span class="fc-role">
                {' '}
                — {s.publisher}
                {s.author ? `, ${s.author}` : ''}, {formatDate(s.datePublished)}
              </span>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

/** A colour family for a rating label; the words carry the meaning, colour only repeats it. */
function ratingTone(label: string): 'supported' | 'contradicted' | 'attributed' {
  if (label.startsWith('Supported')) return 'supported';
  if (label.startsWith('Contradicted')) return 'contradicted';
  return 'attributed';
}
