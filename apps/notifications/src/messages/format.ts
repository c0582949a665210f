import type { Locale } from './copy';

const intlLocale = (locale: Locale) => (locale === 'en' ? 'en-US' : 'es-ES');

/**
 * Integer minor units in the currency's own number of decimals. An unknown currency code throws
 * (RangeError): the event is bad, and the consumer dead-letters it after its retries.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const nf = new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency });
  const digits = nf.resolvedOptions().maximumFractionDigits ?? 2;
  return nf.format(minor / 10 ** digits);
}

/** An instant for a reader anywhere: the date and time in UTC, said so. */
export function formatInstant(iso: string, locale: Locale): string {
  const f = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${f.format(new Date(iso))} UTC`;
}
