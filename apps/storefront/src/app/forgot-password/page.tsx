import type { Metadata } from 'next';
import { ForgotForm } from './forgot-form';

export const metadata: Metadata = { title: 'Recuperar la contraseña' };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1>¿Olvidaste tu contraseña?</h1>
      <p>Escribe el correo de tu cuenta y te enviaremos un enlace para elegir una nueva (vale 30 minutos).</p>
      <ForgotForm />
    </>
  );
}
