import { z } from 'zod';

/**
 * Money travels as a decimal number of major units with at most two decimals (19.99) and is
 * stored as integer minor units (1999). Conversions go through the decimal text, never through
 * float arithmetic: 0.1 + 0.2 is refused (it is 0.30000000000000004), 19.99 is exactly 1999.
 */

/** The largest price accepted: the original table's DECIMAL(10,2). */
export const MAX_PRICE_MINOR = 99_999_999_99;

const DECIMAL = /^(0|[1-9][0-9]{0,15})(?:\.([0-9]{1,2}))?$/;

/**
 * Minor units of a non-negative amount given as a number or as decimal text ("19.99", "5", "5.5");
 * undefined when it is negative, not a plain decimal, or has more than two decimals.
 */
export function toMinorUnits(major: number | string): number | undefined {
  // String(n) is the shortest text that reads back as n: "19.99" for 19.99, "1e+21" for 1e21.
  const text = typeof major === 'number' ? (Number.isFinite(major) ? String(major) : '') : major;
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/**
 * Major units as a JSON number: minor / 100 is the double nearest the two-decimal value, and
 * JSON prints exactly that value ("19.99", "5", "0.1").
 */
export const toMajorUnits = (minor: number): number => minor / 100;

/** Two-decimal text of minor units ("19.99", "5.00"), by integer arithmetic. */
export function formatMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const amountError = 'must be a non-negative amount with at most two decimals';

/** A price in a request (a JSON number or numeric text), parsed to minor units. */
export const PriceInput = z.union([z.number(), z.string().max(32)]).transform((v, ctx) => {
  const minor = toMinorUnits(v);
  if (minor === undefined) {
    ctx.addIssue({ code: 'custom', message: amountError });
    return z.NEVER;
  }
  if (minor > MAX_PRICE_MINOR) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${formatMinorUnits(MAX_PRICE_MINOR)}` });
    return z.NEVER;
  }
  return minor;
});
