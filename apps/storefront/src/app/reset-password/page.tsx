import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetForm } from './reset-form';

export const metadata: Metadata = { title: 'Elegir una contraseña nueva' };

/** The page the emailed reset link opens (STOREFRONT_URL/reset-password?token=...). */
export default async function ResetPasswordPage({ searchParams }: PageProps<'/reset-password'>) {
  const { token } = await searchParams;
  return (
    <>
      <h1>Elige una contraseña nueva</h1>
      {typeof token === 'string' && token ? (
        <ResetForm token={token} />
      ) : (
        <p className="alert error" role="alert">
          Falta el enlace del correo. <Link href="/forgot-password">Pide uno nuevo</Link>.
        </p>
      )}
    </>
  );
}
