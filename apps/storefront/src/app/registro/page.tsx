import type { Metadata } from 'next';
import { RegisterForm } from './register-form';

export const metadata: Metadata = { title: 'Registrarse' };

export default function RegisterPage() {
  return (
    <>
      <h1>Crear una cuenta</h1>
      <RegisterForm />
    </>
  );
}
