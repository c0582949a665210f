import { fieldErrors, isApiError } from '@greencommerce/client';

/** What a form shows after a failed submit: a message for the form, and one per field it names. */
export type FormState = {
  message?: string;
  fields?: Record<string, string>;
  /** The values the user typed, so a form sent back (without JavaScript too) keeps them. */
  values?: Record<string, string>;
  ok?: boolean;
};

// The services answer in English; the shop speaks Spanish. Known messages are translated and any
// other is shown as it came, which is still better than no message next to the field.
const TRANSLATIONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/expected string, received undefined|Required/i, () => 'Este campo es obligatorio'],
  [/too small: expected string to have >=1 /i, () => 'Este campo es obligatorio'],
  [/too small: expected string to have >=(\d+)/i, (m) => `Debe tener al menos ${m[1]} caracteres`],
  [/too big: expected string to have <=(\d+)/i, (m) => `Debe tener como máximo ${m[1]} caracteres`],
  [/too small: expected number to be >=(\d+)/i, (m) => `Debe ser al menos ${m[1]}`],
  [/too big: expected number to be <=(\d+)/i, (m) => `Debe ser como máximo ${m[1]}`],
  [/must be at most (\d+) characters/i, (m) => `Debe tener como máximo ${m[1]} caracteres`],
  [/^(\d+) available$/i, (m) => (m[1] === '0' ? 'No quedan unidades' : `Hay ${m[1]} unidades disponibles`)],
  [/ISO 3166-1 alpha-2/i, () => 'Elige un país de la lista'],
  [/must be a phone number/i, () => 'Escribe un número de teléfono'],
  [/must be a card number/i, () => 'Escribe el número de la tarjeta (16 dígitos)'],
  [/must be one of the test cards/i, () => 'No es una de las tarjetas de prueba'],
  [/must be a (?:positive|non-negative) amount/i, () => 'Escribe un importe, p. ej. 10 o 9.99'],
  [/must not be zero/i, () => 'No puede ser cero'],
  [/must not be negative/i, () => 'No puede ser negativo'],
  [/must be lowercase letters, digits and single hyphens/i, () => 'Solo minúsculas, dígitos y guiones sueltos'],
  [/ISO 4217/i, () => 'Escribe un código de moneda con céntimos, p. ej. USD'],
  [/must not contain control characters/i, () => 'Contiene caracteres no válidos'],
  [
    /at most (\d+) available/i,
    (m) => (m[1] === '0' ? 'No quedan unidades disponibles' : `Solo hay ${m[1]} disponibles`),
  ],
  [/must be at least (\d+)/i, (m) => `Debe ser al menos ${m[1]}`],
  [/must be at most (\d+)/i, (m) => `Debe ser como máximo ${m[1]}`],
  [/invalid email/i, () => 'Escribe un correo electrónico válido'],
  [/invalid option/i, () => 'Elige una de las opciones'],
  [/must be 7 to 10 digits/i, () => 'Debe tener de 7 a 10 dígitos'],
  [/must be a whole number/i, () => 'Debe ser un número entero'],
  [/is not a real calendar date/i, () => 'No es una fecha del calendario'],
  [/is in the future/i, () => 'No puede ser una fecha futura'],
  [/control or invalid characters/i, () => 'Contiene caracteres no válidos'],
  [/^invalid input$/i, () => 'Falta este dato o no es válido'],
  [/must be an amount/i, () => 'Escribe un importe, p. ej. 10 o 9.99'],
  [/must be a rating/i, () => 'Escribe una valoración de 0 a 5'],
];

export function toSpanish(message: string): string {
  for (const [pattern, say] of TRANSLATIONS) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return message;
}

/** The field messages of an API error, in Spanish, keyed by the field's name in the form. */
export function spanishFieldErrors(error: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors(error)).map(([path, message]) => [path, toSpanish(message)]));
}

/** The form-level message for an error status the form has no better words for. */
export function genericMessage(error: unknown, status: number): string {
  if (status === 429) return 'Demasiados intentos. Espera unos minutos y vuelve a intentarlo.';
  if (status >= 500) return 'El servicio no está disponible en este momento. Inténtalo de nuevo en unos minutos.';
  if (isApiError(error) && error.error.code === 'VALIDATION_FAILED') return 'Revisa los campos marcados.';
  return 'No se pudo completar la operación.';
}

/** The text fields of a form submission, for sending back with the errors (never passwords). */
export function keptValues(form: FormData, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = form.get(name);
    if (typeof v === 'string') out[name] = v;
  }
  return out;
}
