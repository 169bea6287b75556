import { describe, expect, it } from 'vitest';
import { findQuote, textQuoteSelector } from '@/core/selector';

describe('textQuoteSelector / findQuote', () => {
  const text = 'Sessions spoke. Later Sessions recused himself. Sessions left.';

  it('describes a span with up to contextChars of prefix and suffix', () => {
    const start = text.indexOf('Sessions recused');
    expect(textQuoteSelector(text, start, start + 8, 6)).toEqual({ type: 'TextQuoteSelector', exact: 'Sessions', prefix: 'Later ', suffix: ' recus' });
    expect(textQuoteSelector(text, 0, 8).prefix).toBe('');
  });

  it('re-finds the same occurrence among several, using prefix and suffix', () => {
    for (const needle of ['Sessions spoke', 'Sessions recused', 'Sessions left']) {
      const start = text.indexOf(needle);
      const selector = textQuoteSelector(text, start, start + 8);
      expect(findQuote(text, selector)).toEqual({ start, end: start + 8 });
    }
  });

  it('still finds the quote after the text around it changed', () => {
    const start = text.indexOf('Sessions recused');
    const selector = textQuoteSelector(text, start, start + 8);
    const edited = 'NEW: ' + text.replace('Sessions left.', 'Sessions resigned.');
    expect(findQuote(edited, selector)).toEqual({ start: start + 5, end: start + 13 });
  });

  it('returns null when the exact text is gone, and throws on a bad span', () => {
    expect(findQuote('nothing here', { type: 'TextQuoteSelector', exact: 'Mueller', prefix: '', suffix: '' })).toBeNull();
    expect(() => textQuoteSelector(text, 5, 5)).toThrow(RangeError);
  });
});
