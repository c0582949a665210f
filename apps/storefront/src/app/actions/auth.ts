'use server';

import { isApiError } from '@greencommerce/client';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { publicApi } from '@/lib/api';
import { sharedRefresher } from '@/lib/auth-refresh';
import { type FormState, genericMessage, keptValues, spanishFieldErrors } from '@/lib/form-errors';
import { formText as text } from '@/lib/form-text';
import { mergeNotice } from '@/lib/merge-notice';
import { safeReturnPath } from '@/lib/safe-return';
import { clearCartToken, clearTokens, readSession, storeTokens } from '@/lib/session';

export async function login(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keptValues(form, ['email', 'volver']);
  const client = await publicApi();
  const { data, error, response } = await client.auth.POST('/auth/login', {
    body: { email: text(form, 'email'), password: text(form, 'password') },
  });
  if (!data) {
    if (response.status === 401) return { values, message: 'Correo o contraseña incorrectos.' };
    return { values, message: genericMessage(error, response.status), fields: spanishFieldErrors(error) };
  }
  await storeTokens(data);

  // The guest's cart joins the user's now; a line that could not hold the sum of both is reported.
  let notice = '';
  const { cartToken } = await readSession();
  if (cartToken) {
    const merged = await client.cart
      .POST('/cart/merge', { headers: { Authorization: `Bearer ${data.token}`, 'X-Cart-Token': cartToken } })
      .catch(() => undefined);
    // Merged, or a cart that no longer exists (expired, merged before): either way the cookie is done.
    if (merged?.data || merged?.response.status === 404) await clearCartToken();
    if (merged?.data?.capped.length) notice = mergeNotice(merged.data.capped);
  }
  revalidatePath('/', 'layout');
  if (notice) redirect(`/carrito?ajustes=${notice}`);
  redirect(safeReturnPath(values.volver));
}

export async function logout(): Promise<void> {
  const { refreshToken } = await readSession();
  if (refreshToken) {
    // Revokes the session at the auth service; the cookies go even when it cannot be reached.
    await (await publicApi()).auth.POST('/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  }
  await clearTokens();
  revalidatePath('/', 'layout');
  redirect('/');
}

const REGISTER_FIELDS = ['name', 'lastName', 'dayBirth', 'monthBirth', 'yearBirth', 'gender', 'phoneNumber', 'email'];

export async function register(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keptValues(form, REGISTER_FIELDS);
  const body = {
    name: text(form, 'name'),
    lastName: text(form, 'lastName'),
    // Sent as typed, as the original client did: the service accepts numeric strings.
    dayBirth: text(form, 'dayBirth'),
    monthBirth: text(form, 'monthBirth'),
    yearBirth: text(form, 'yearBirth'),
    gender: text(form, 'gender') as 'Hombre' | 'Mujer' | 'Otro',
    phoneNumber: text(form, 'phoneNumber'),
    email: text(form, 'email'),
    password: text(form, 'password'),
  };
  const { data, error, response } = await (await publicApi()).auth.POST('/auth/register', { body });
  if (!data) {
    if (response.status === 409) {
      return {
        values,
        message: 'Revisa los campos marcados.',
        fields: { email: 'Ya existe una cuenta con este correo' },
      };
    }
    return { values, message: genericMessage(error, response.status), fields: spanishFieldErrors(error) };
  }
  redirect('/login?registrado=1');
}

export async function requestPasswordReset(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keptValues(form, ['email']);
  const { error, response } = await (await publicApi()).auth.POST('/auth/password-reset', {
    body: { email: text(form, 'email') },
  });
  if (response.status === 202) {
    return {
      ok: true,
      message: 'Si hay una cuenta con ese correo, te enviamos un enlace para elegir una contraseña nueva.',
    };
  }
  return { values, message: genericMessage(error, response.status), fields: spanishFieldErrors(error) };
}

export async function resetPassword(_prev: FormState, form: FormData): Promise<FormState> {
  const token = text(form, 'token');
  const password = text(form, 'password');
  if (password !== text(form, 'confirm')) {
    return { fields: { confirm: 'Las contraseñas no coinciden' }, message: 'Revisa los campos marcados.' };
  }
  const { data, error, response } = await (await publicApi()).auth.POST('/auth/password-reset/confirm', {
    body: { token, password },
  });
  if (!data) {
    const fields = spanishFieldErrors(error);
    if (response.status === 400 && !fields.password) {
      return { message: 'El enlace no es válido o ya caducó. Pide uno nuevo.' };
    }
    return { message: genericMessage(error, response.status), fields };
  }
  // Every session of the account was signed out, this browser's too.
  await clearTokens();
  redirect('/login?restablecida=1');
}

export async function verifyEmail(_prev: FormState, form: FormData): Promise<FormState> {
  const { data, error, response } = await (await publicApi()).auth.POST('/auth/verify-email', {
    body: { token: text(form, 'token') },
  });
  if (!data) {
    if (response.status === 400 && isApiError(error)) {
      return { message: 'El enlace no es válido, ya se usó o caducó. Inicia sesión y pide uno nuevo desde tu perfil.' };
    }
    return { message: genericMessage(error, response.status) };
  }
  // A signed-in user's token says whether the address is verified: a refresh brings the new claim now
  // rather than at the token's next renewal (checkout may ask for it).
  const { refreshToken } = await readSession();
  if (refreshToken) {
    const tokens = await sharedRefresher()(refreshToken).catch(() => undefined);
    if (tokens) await storeTokens(tokens);
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: '¡Listo! Tu correo está verificado.' };
}
