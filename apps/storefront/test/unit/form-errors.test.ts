import { expect, test } from 'bun:test';
import { genericMessage, keptValues, spanishFieldErrors, toSpanish } from '../../src/lib/form-errors';

const apiError = (details: { path: string; message: string }[]) => ({
  error: { code: 'VALIDATION_FAILED', message: 'Request body is invalid', details, requestId: 'r' },
});

test("the API's field errors come back per field, in Spanish where the message is known", () => {
  const fields = spanishFieldErrors(
    apiError([
      { path: 'name', message: 'Too small: expected string to have >=1 characters' },
      { path: 'password', message: 'Too small: expected string to have >=8 characters' },
      { path: 'phoneNumber', message: 'must be 7 to 10 digits' },
      { path: 'email', message: 'Invalid email address' },
      { path: 'dayBirth', message: 'is not a real calendar date' },
      { path: 'gender', message: 'Invalid option: expected one of "Hombre"|"Mujer"|"Otro"' },
      { path: 'nickname', message: 'Something new' },
    ]),
  );
  expect(fields).toEqual({
    name: 'Este campo es obligatorio',
    password: 'Debe tener al menos 8 caracteres',
    phoneNumber: 'Debe tener de 7 a 10 dígitos',
    email: 'Escribe un correo electrónico válido',
    dayBirth: 'No es una fecha del calendario',
    gender: 'Elige una de las opciones',
    nickname: 'Something new',
  });
  expect(spanishFieldErrors({ nope: true })).toEqual({});
  expect(toSpanish('Too big: expected number to be <=31')).toBe('Debe ser como máximo 31');
});

test('form-level messages by status', () => {
  expect(genericMessage(undefined, 429)).toContain('Demasiados intentos');
  expect(genericMessage(undefined, 503)).toContain('no está disponible');
  expect(genericMessage(apiError([]), 400)).toBe('Revisa los campos marcados.');
});

test('a form sent back keeps what was typed, never the password', () => {
  const form = new FormData();
  form.set('email', 'ana@ejemplo.com');
  form.set('password', 'secreto123');
  expect(keptValues(form, ['email', 'name'])).toEqual({ email: 'ana@ejemplo.com' });
});
