import { expect, test } from 'bun:test';
import { mergeNotice, readMergeNotice } from '../../src/lib/merge-notice';

test('what a merge capped travels in the URL and reads back; anything else is ignored', () => {
  const capped = [
    { productId: 12, requested: 7, quantity: 3, reason: 'stock' },
    { productId: 15, requested: 120, quantity: 99, reason: 'max-quantity' },
  ];
  const notice = mergeNotice(capped);
  expect(notice).toBe('12-3-stock,15-99-max-quantity');
  expect(readMergeNotice(notice)).toEqual([
    { productId: 12, quantity: 3, reason: 'stock' },
    { productId: 15, quantity: 99, reason: 'max-quantity' },
  ]);
  expect(readMergeNotice('0-1-stock,12-3-bogus,<script>,7-100-stock')).toEqual([]);
  expect(readMergeNotice(['12-3-stock'])).toEqual([]);
});
