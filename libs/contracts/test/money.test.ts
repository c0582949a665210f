import { expect, test } from 'bun:test';
import { formatMinorUnits, MAX_PRICE_MINOR, PriceInput, toMajorUnits, toMinorUnits } from '../src/money';

test('decimal major units become exact minor units', () => {
  expect(toMinorUnits(19.99)).toBe(1999);
  expect(toMinorUnits('19.99')).toBe(1999);
  expect(toMinorUnits(0.1)).toBe(10);
  expect(toMinorUnits('5')).toBe(500);
  expect(toMinorUnits('5.5')).toBe(550);
  expect(toMinorUnits(0)).toBe(0);
  // 4.35 * 100 is 434.99999999999994 in floating point: the text route is exact.
  expect(toMinorUnits(4.35)).toBe(435);
  expect(toMinorUnits(1.15)).toBe(115);
});

test('more than two decimals, negatives and non-decimals are refused', () => {
  for (const bad of [
    0.1 + 0.2,
    1.001,
    '1.001',
    -1,
    '-1',
    '1e3',
    1e21,
    '0x10',
    ' 5',
    '5.',
    '.5',
    '',
    NaN,
    Infinity,
    '01',
  ])
    expect({ bad, minor: toMinorUnits(bad as never) }).toEqual({ bad, minor: undefined });
});

test('minor units print back as the same decimals', () => {
  for (const minor of [0, 1, 10, 99, 100, 1999, 435, 115, 123456789, MAX_PRICE_MINOR]) {
    const major = toMajorUnits(minor);
    expect(toMinorUnits(major)).toBe(minor);
    expect(JSON.stringify(major)).toBe(String(Number(formatMinorUnits(minor))));
  }
  expect(formatMinorUnits(500)).toBe('5.00');
  expect(formatMinorUnits(-5)).toBe('-0.05');
  expect(JSON.stringify(toMajorUnits(1999))).toBe('19.99');
});

test('PriceInput: the limit and the message', () => {
  expect(PriceInput.parse(MAX_PRICE_MINOR / 100)).toBe(MAX_PRICE_MINOR);
  expect(PriceInput.safeParse(MAX_PRICE_MINOR / 100 + 1).success).toBe(false);
  expect(PriceInput.safeParse(-0.5).error?.issues[0]?.message).toContain('at most two decimals');
});
