import { type Composed, greeting, type Locale, signature } from './copy';
import { formatInstant } from './format';
import { html } from './html';
import { button, layout } from './layout';

type LinkMail = { locale: Locale; name: string; link: string; expiresAt: string };

/** The verification link; for a new account it is also the welcome (one mail, not two). */
export function verificationMail(m: LinkMail & { welcome: boolean }): Composed {
  const en = m.locale === 'en';
  const subject = m.welcome
    ? en
      ? 'Welcome to GreenCommerce: confirm your email'
      : 'Bienvenida a GreenCommerce: confirma tu correo'
    : en
      ? 'Confirm your email address'
      : 'Confirma tu dirección de correo';
  const intro = m.welcome
    ? en
      ? 'Thank you for joining GreenCommerce. Please confirm that this is your email address:'
      : 'Gracias por unirte a GreenCommerce. Confirma que esta es tu dirección de correo:'
    : en
      ? 'Please confirm that this is your email address:'
      : 'Confirma que esta es tu dirección de correo:';
  const action = en ? 'Confirm my email' : 'Confirmar mi correo';
  const expiry = en
    ? `The link works once, until ${formatInstant(m.expiresAt, 'en')}.`
    : `El enlace sirve una sola vez, hasta el ${formatInstant(m.expiresAt, 'es')}.`;
  const ignore = en
    ? 'If you did not create this account, ignore this message.'
    : 'Si no creaste esta cuenta, ignora este mensaje.';
  return {
    subject,
    text: [greeting(m.locale, m.name), '', intro, '', m.link, '', expiry, ignore, '', signature(m.locale)].join('\n'),
    html: layout(
      m.locale,
      subject,
      html`<p>${greeting(m.locale, m.name)}</p><p>${intro}</p>${button(m.link, action)}<p>${expiry}</p><p>${ignore}</p><p>${signature(m.locale)}</p>`,
    ),
  };
}

export function passwordResetMail(m: LinkMail): Composed {
  const en = m.locale === 'en';
  const subject = en ? 'Reset your password' : 'Restablece tu contraseña';
  const intro = en
    ? 'Someone asked to reset the password of your GreenCommerce account. To choose a new one:'
    : 'Alguien pidió restablecer la contraseña de tu cuenta de GreenCommerce. Para elegir una nueva:';
  const action = en ? 'Choose a new password' : 'Elegir una nueva contraseña';
  const expiry = en
    ? `The link works once, until ${formatInstant(m.expiresAt, 'en')}.`
    : `El enlace sirve una sola vez, hasta el ${formatInstant(m.expiresAt, 'es')}.`;
  const ignore = en
    ? 'If it was not you, ignore this message: your password stays as it is.'
    : 'Si no fuiste tú, ignora este mensaje: tu contraseña no cambia.';
  return {
    subject,
    text: [greeting(m.locale, m.name), '', intro, '', m.link, '', expiry, ignore, '', signature(m.locale)].join('\n'),
    html: layout(
      m.locale,
      subject,
      html`<p>${greeting(m.locale, m.name)}</p><p>${intro}</p>${button(m.link, action)}<p>${expiry}</p><p>${ignore}</p><p>${signature(m.locale)}</p>`,
    ),
  };
}

/** A security notice: the password changed (by a reset link, or by the signed-in user). */
export function passwordChangedMail(m: {
  locale: Locale;
  name: string;
  reason: 'reset' | 'change';
  resetLink: string;
}) {
  const en = m.locale === 'en';
  const subject = en ? 'Your password was changed' : 'Tu contraseña cambió';
  const what = en
    ? m.reason === 'reset'
      ? 'The password of your GreenCommerce account was just reset, and every session was signed out.'
      : 'The password of your GreenCommerce account was just changed.'
    : m.reason === 'reset'
      ? 'La contraseña de tu cuenta de GreenCommerce se acaba de restablecer y se cerraron todas las sesiones.'
      : 'La contraseña de tu cuenta de GreenCommerce se acaba de cambiar.';
  const notYou = en
    ? 'If it was not you, reset your password now:'
    : 'Si no fuiste tú, restablece tu contraseña ahora:';
  const action = en ? 'Reset my password' : 'Restablecer mi contraseña';
  return {
    subject,
    text: [greeting(m.locale, m.name), '', what, notYou, m.resetLink, '', signature(m.locale)].join('\n'),
    html: layout(
      m.locale,
      subject,
      html`<p>${greeting(m.locale, m.name)}</p><p>${what}</p><p>${notYou}</p>${button(m.resetLink, action)}<p>${signature(m.locale)}</p>`,
    ),
  } satisfies Composed;
}

/** "Your profile photo was updated", with the photo (only an http(s) URL is shown). */
export function profilePhotoMail(m: { locale: Locale; name: string; imageUrl: string | undefined }): Composed {
  const en = m.locale === 'en';
  const subject = en ? 'Your profile photo was updated' : 'Tu foto de perfil se actualizó';
  const what = en ? 'Your GreenCommerce profile has a new photo:' : 'Tu perfil de GreenCommerce tiene una foto nueva:';
  const notYou = en
    ? 'If you did not change it, change your password.'
    : 'Si no la cambiaste tú, cambia tu contraseña.';
  return {
    subject,
    text: [greeting(m.locale, m.name), '', what, m.imageUrl ?? '', '', notYou, '', signature(m.locale)].join('\n'),
    html: layout(
      m.locale,
      subject,
      html`<p>${greeting(m.locale, m.name)}</p><p>${what}</p>${
        m.imageUrl
          ? html`<p><img src="${m.imageUrl}" alt="${subject}" width="160" style="border-radius:50%;max-width:160px"></p>`
          : ''
      }<p>${notYou}</p><p>${signature(m.locale)}</p>`,
    ),
  };
}
