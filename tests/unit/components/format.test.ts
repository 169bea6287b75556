import { describe, expect, it } from 'vitest';
import { datedLabel, formatDate, fragmentUrl } from '@/components/format';

describe('formatDate', () => {
  it('formats by precision without shifting the day across time zones', () => {
    expect(formatDate('2018-11-07')).toBe('November 7, 2018');
    expect(formatDate('2017-03', 'month')).toBe('March 2017');
    expect(formatDate('2016', 'year')).toBe('2016');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('fragmentUrl', () => {
  it('links to the cited passage with a text fragment', () => {
    const url = fragmentUrl('https://example.org/a#top', 'Sessions nearly quit after being berated by Trump when it was announced');
    expect(url).toBe('https://example.org/a#:~:text=Sessions%20nearly%20quit%20after,when%20it%20was%20announced');
    expect(fragmentUrl('https://example.org/a', 'two words')).toBe('https://example.org/a#:~:text=two%20words');
  });
});

describe('datedLabel', () => {
  it('marks a publication date as "Reported" so it is not read as the event date', () => {
    expect(datedLabel({ date: '2017-03-02', datePrecision: 'day', dateKind: 'reported' })).toBe('Reported March 2, 2017');
    expect(datedLabel({ date: '2018-11-07', datePrecision: 'day', dateKind: 'event' })).toBe('November 7, 2018');
  });
});
