import { describe, expect, test } from 'bun:test';
import { effectiveSort, listingHref, nextCursor, readListing } from '../../src/lib/listing-query';

describe('listing query', () => {
  test('keeps the known parameters, first value, trimmed, blanks dropped', () => {
    expect(
      readListing({ q: ' té ', category: ['hogar', 'ropa'], brand: '', minRating: '5', utm: 'x', cursor: 'abc' }),
    ).toEqual({ q: 'té', category: 'hogar', minRating: '5', cursor: 'abc' });
  });

  test('drops sort=relevance without a search, which the catalog would refuse', () => {
    expect(readListing({ sort: 'relevance' })).toEqual({});
    expect(readListing({ q: 'té', sort: 'relevance' })).toEqual({ q: 'té', sort: 'relevance' });
  });

  test('the order shown is the one the catalog applies', () => {
    expect(effectiveSort({})).toBe('newest');
    expect(effectiveSort({ q: 'té' })).toBe('relevance');
    expect(effectiveSort({ q: 'té', sort: 'price' })).toBe('price');
  });

  test('a changed filter starts at the first page; the next page keeps the filters', () => {
    const current = { q: 'café', category: 'comida', cursor: 'p2' };
    expect(listingHref(current, { inStock: 'true' })).toBe('/productos?q=caf%C3%A9&category=comida&inStock=true');
    expect(listingHref(current, { cursor: 'p3' })).toBe('/productos?q=caf%C3%A9&category=comida&cursor=p3');
    expect(listingHref({ minRating: '5' }, { minRating: undefined })).toBe('/productos');
  });

  test('reads the cursor of the rel="next" link only', () => {
    expect(nextCursor('</products?limit=2&cursor=WyJuZXdlc3QiXQ>; rel="next"')).toBe('WyJuZXdlc3QiXQ');
    expect(nextCursor('</products?cursor=a>; rel="prev", </products?cursor=b>; rel=next')).toBe('b');
    expect(nextCursor('</products?cursor=a>; rel="prev"')).toBeUndefined();
    expect(nextCursor(null)).toBeUndefined();
  });
});
