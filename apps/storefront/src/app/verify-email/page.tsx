import type { Metadata } from 'next';
import { VerifyForm } from './verify-form';

export const metadata: Metadata = { title: 'Verificar el correo' };

/** The page the emailed verification link opens (STOREFRONT_URL/verify-email?token=...). */
export default async function VerifyEmailPage({ searchParams }: PageProps<'/verify-email'>) {
  const { token } = await searchParams;
  return (
    <>
      <h1>Verifica tu correo</h1>
      {typeof token === 'string' && token ? (
        <>
          <p>Confirma que esta dirección es tuya para poder comprar.</p>
          <VerifyForm token={token} />
        </>
      ) : (
        <p className="alert error" role="alert">
          Falta el enlace del correo. Ábrelo de nuevo desde el mensaje que te enviamos.
        </p>
      )}
    </>
  );
}
