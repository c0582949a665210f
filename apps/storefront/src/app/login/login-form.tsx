'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { login } from '@/app/actions/auth';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function LoginForm({ volver }: { volver: string }) {
  const [state, action] = useActionState(login, {});
  return (
    <form action={action} className="form" noValidate>
      <FormMessage message={state.message} />
      <input type="hidden" name="volver" value={state.values?.volver ?? volver} />
      <Field
        name="email"
        label="Correo electrónico"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <Field
        name="password"
        label="Contraseña"
        type="password"
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
      <SubmitButton pending="Entrando…">Iniciar sesión</SubmitButton>
      <p className="hint">
        <Link href="/forgot-password">¿Olvidaste tu contraseña?</Link> · ¿No tienes cuenta?{' '}
        <Link href="/registro">Regístrate</Link>
      </p>
    </form>
  );
}
