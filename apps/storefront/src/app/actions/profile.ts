'use server';

import { revalidatePath } from 'next/cache';
import { actionApi } from '@/lib/api';
import { sharedRefresher } from '@/lib/auth-refresh';
import { type FormState, genericMessage, keptValues, spanishFieldErrors } from '@/lib/form-errors';
import { formText } from '@/lib/form-text';
import { signInAgain } from '@/lib/require-session';
import { readSession, storeTokens } from '@/lib/session';
import { chosenFile, uploadBody, uploadErrorMessage } from '@/lib/upload-errors';

const PROFILE = '/perfil';
const PROFILE_FIELDS = [
  'name',
  'lastName',
  'dayBirth',
  'monthBirth',
  'yearBirth',
  'gender',
  'phoneNumber',
  'email',
  'shippingAddress',
] as const;

/** The token says whether the email is verified: after a change of address, a refresh brings the new claim. */
async function refreshClaims() {
  const { refreshToken } = await readSession();
  if (!refreshToken) return;
  const tokens = await sharedRefresher()(refreshToken).catch(() => undefined);
  if (tokens) await storeTokens(tokens);
}

export async function updateProfile(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keptValues(form, PROFILE_FIELDS);
  const address = formText(form, 'shippingAddress').trim();
  const before = (await readSession()).claims?.email;
  const { data, error, response } = await (await actionApi()).users.PUT('/user/update', {
    body: {
      name: formText(form, 'name'),
      lastName: formText(form, 'lastName'),
      // As typed: the service takes numeric strings and judges them.
      dayBirth: formText(form, 'dayBirth'),
      monthBirth: formText(form, 'monthBirth'),
      yearBirth: formText(form, 'yearBirth'),
      gender: formText(form, 'gender') as 'Hombre' | 'Mujer' | 'Otro',
      phoneNumber: formText(form, 'phoneNumber'),
      email: formText(form, 'email'),
      // A blank address clears the saved one (the service refuses an empty string).
      shippingAddress: address === '' ? null : address,
    },
  });
  if (!data) {
    if (response.status === 401) signInAgain(PROFILE);
    if (response.status === 409) {
      return {
        values,
        message: 'Revisa los campos marcados.',
        fields: { email: 'Ya existe una cuenta con este correo' },
      };
    }
    if (response.status === 429) {
      return {
        values,
        message: 'Cambiaste el correo demasiadas veces. Espera una hora y vuelve a intentarlo.',
        fields: { email: 'Demasiados cambios de correo seguidos' },
      };
    }
    return { values, message: genericMessage(error, response.status), fields: spanishFieldErrors(error) };
  }
  const emailChanged = before !== undefined && before !== data.email;
  if (emailChanged) await refreshClaims();
  revalidatePath('/', 'layout');
  return {
    ok: true,
    message: emailChanged
      ? `Datos guardados. Te enviamos un enlace a ${data.email} para verificar el correo nuevo.`
      : 'Datos guardados.',
  };
}

export async function uploadPhoto(_prev: FormState, form: FormData): Promise<FormState> {
  const file = chosenFile(form, 'image');
  if (!file) return { fields: { image: 'Elige una imagen' }, message: 'Revisa los campos marcados.' };
  const { data, error, response } = await (await actionApi()).users.POST('/upload', {
    body: {},
    bodySerializer: () => uploadBody(file),
  });
  if (!data) {
    if (response.status === 401) signInAgain(PROFILE);
    return { message: 'No se pudo subir la foto.', fields: { image: uploadErrorMessage(response.status, error) } };
  }
  revalidatePath(PROFILE);
  return { ok: true, message: 'Foto actualizada.' };
}

export async function setNotifications(_prev: FormState, form: FormData): Promise<FormState> {
  const marketing = form.get('marketing') === 'on';
  const { data, error, response } = await (await actionApi()).users.PATCH('/user/notifications', {
    body: { marketing },
  });
  if (!data) {
    if (response.status === 401) signInAgain(PROFILE);
    return { message: genericMessage(error, response.status), fields: spanishFieldErrors(error) };
  }
  revalidatePath(PROFILE);
  return {
    ok: true,
    message: data.marketing ? 'Te enviaremos los avisos opcionales.' : 'Ya no te enviaremos avisos opcionales.',
  };
}

export async function resendVerification(_prev: FormState, _form: FormData): Promise<FormState> {
  const { error, response } = await (await actionApi()).auth.POST('/auth/verify-email/resend');
  if (response.status === 202) return { ok: true, message: 'Te enviamos un enlace nuevo. Revisa tu correo.' };
  if (response.status === 401) signInAgain(PROFILE);
  if (response.status === 409) {
    await refreshClaims();
    revalidatePath(PROFILE);
    return { ok: true, message: 'Tu correo ya está verificado.' };
  }
  return { message: genericMessage(error, response.status) };
}
