import { t } from './i18n';

/**
 * Formats a pack date for people: `2018-11-07` (day) → "November 7, 2018", `2017-03` (month) →
 * "March 2017", `2016` (year) → "2016". Uses the platform's Intl.DateTimeFormat in UTC so the
 * day never shifts with the reader's time zone. Unparseable input is returned as given.
 */
export function formatDate(date: string, precision?: 'day' | 'month' | 'year', locale = 'en-US'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y) return date;
  const level = precision ?? (d ? 'day' : m ? 'month' : 'year');
  const at = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  if (Number.isNaN(at.getTime())) return date;
  const options: Intl.DateTimeFormatOptions =
    level === 'day'
      ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
      : level === 'month'
        ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
        : { year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/**
 * A link to the cited passage: the source URL with a text fragment (`#:~:text=`) built from the
 * excerpt's first and last words, so browsers that support fragments scroll to it.
 */
export function fragmentUrl(url: string, excerpt: string): string {
  const words = excerpt.replace(/[“”"]/g, '').trim().split(/\s+/);
  if (words.length === 0 || !words[0]) return url;
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');
  const text =
    words.length <= 8
      ? enc(words.join(' '))
      : `${enc(words.slice(0, 4).join(' '))},${enc(words.slice(-4).join(' '))}`;
  return `${url.split('#')[0]}#:~:text=${text}`;
}

/**
 * The date line of a dated item: "November 7, 2018" for the date the thing happened, or
 * "Reported November 7, 2018" when the source gives only the date it was published
 * (`dateKind: 'reported'`), so a reader never takes a publication date for an event's.
 */
export function datedLabel(item: { date: string; datePrecision?: 'day' | 'month' | 'year'; dateKind?: 'event' | 'reported' }): string {
  const date = formatDate(item.date, item.datePrecision);
  return item.dateKind === 'reported' ? t('dateReported', [date]) : date;
}
