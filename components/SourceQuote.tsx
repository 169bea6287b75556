import type { Source } from '@/data/schema';
import { formatDate, fragmentUrl } from './format';

/** A verbatim excerpt with its source line: publisher, date, and a link to the cited passage. */
export function SourceQuote(props: { excerpt: string; source: Source }) {
  const { excerpt, source } = props;
  return (
    <figure class="fc-quote">
      <blockquote>{excerpt}</blockquote>
      <figcaption>
        <a href={fragmentUrl(source.url, excerpt)} target="_blank" rel="noopener noreferrer">
          {source.publisher}
        </a>
        {', '}
        <time dateTime={source.datePublished}>{formatDate(source.datePublished)}</time>
      </figcaption>
    </figure>
  );
}
