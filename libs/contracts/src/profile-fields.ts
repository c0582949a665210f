import { z } from 'zod';

/** The original web client sends day/month/year straight from form inputs, as strings. */
const numberOrNumericString = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, 'must be a whole number')
    .transform(Number),
]);

export const DayBirth = numberOrNumericString.pipe(z.number().int().min(1).max(31));
export const MonthBirth = numberOrNumericString.pipe(z.number().int().min(1).max(12));
export const MAX_AGE_YEARS = 120;
export const YearBirth = numberOrNumericString.pipe(
  z
    .number()
    .int()
    .min(new Date().getUTCFullYear() - MAX_AGE_YEARS),
);

/** Printable text: no control characters and no lone UTF-16 surrogates (which no database column can hold). */
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;
// The OpenAPI generator writes a regex's flags into `pattern` ("…$/u"); the source alone is the pattern.
const printable = (s: z.ZodString) =>
  s.regex(PRINTABLE, 'contains control or invalid characters').meta({ pattern: PRINTABLE.source });

export const PersonName = printable(z.string().trim().min(1).max(100));
export const Gender = z.enum(['Hombre', 'Mujer', 'Otro']);
export const PhoneNumber = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{7,10}$/, 'must be 7 to 10 digits'));
/** The users.email column's size: no longer address can have an account. */
export const EMAIL_MAX_LENGTH = 100;
export const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH)
  .pipe(z.email())
  .transform((s) => s.toLowerCase());
export const Password = z.string().min(8).max(128);
export const ShippingAddress = printable(z.string().trim().min(1).max(255));

/** The profile fields a user writes, with registration's rules; update takes them all as optional. */
export const profileInput = {
  name: PersonName,
  lastName: PersonName,
  dayBirth: DayBirth,
  monthBirth: MonthBirth,
  yearBirth: YearBirth,
  gender: Gender,
  phoneNumber: PhoneNumber,
  email: Email,
};

/** Why a day/month/year triple is not an acceptable birth date, or null when it is. */
export function birthDateIssue(d: number, m: number, y: number): { path: string; message: string } | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { path: 'dayBirth', message: 'is not a real calendar date' };
  }
  if (date.getTime() > Date.now()) return { path: 'yearBirth', message: 'is in the future' };
  return null;
}

type BirthDate = { dayBirth?: number; monthBirth?: number; yearBirth?: number };

/** Checks the date when all three parts are present; a partial update is checked again once merged. */
export function checkBirthDate(value: BirthDate, ctx: z.RefinementCtx): void {
  const { dayBirth: d, monthBirth: m, yearBirth: y } = value;
  if (d === undefined || m === undefined || y === undefined) return;
  const issue = birthDateIssue(d, m, y);
  if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}
