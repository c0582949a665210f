/** The languages mail is written in: Spanish (the original client's) unless the account chose English. */
export type Locale = 'es' | 'en';

export const toLocale = (s: string | null | undefined): Locale => (s === 'en' ? 'en' : 'es');

/** A message ready to queue: a subject and the same content as plain text and as HTML. */
export type Composed = { subject: string; text: string; html: string };

/** "Hola Ana," / "Hi Ana," (or without a name when there is none). */
export const greeting = (locale: Locale, name: string | null | undefined) => {
  const n = name?.trim();
  if (locale === 'en') return n ? `Hi ${n},` : 'Hi,';
  return n ? `Hola ${n}:` : 'Hola:';
};

export const signature = (locale: Locale) =>
  locale === 'en' ? 'The GreenCommerce team' : 'El equipo de GreenCommerce';
