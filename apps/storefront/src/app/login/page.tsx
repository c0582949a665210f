import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '@/lib/safe-return';
import { readSession } from '@/lib/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Iniciar sesión' };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const query = await searchParams;
  const volver = safeReturnPath(query.volver);
  if ((await readSession()).claims) redirect(volver);
  return (
    <>
      <h1>Iniciar sesión</h1>
      {query.registrado && (
        <p className="alert success" role="status">
          Cuenta creada. Te enviamos un correo para verificar tu dirección; ya puedes iniciar sesión.
        </p>
      )}
      {query.restablecida && (
        <p className="alert success" role="status">
          Contraseña cambiada. Inicia sesión con la nueva.
        </p>
      )}
      <LoginForm volver={volver} />
    </>
  );
}
