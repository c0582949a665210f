'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { resetPassword } from '@/app/actions/auth';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function ResetForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPassword, {});
  return (
    <form action={action} className="form" noValidate>
      <FormMessage message={state.message} />
      {state.message && !state.fields && (
        <p>
          <Link href="/forgot-password">Pedir un enlace nuevo</Link>
        </p>
      )}
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="Contraseña nueva"
        type="password"
        autoComplete="new-password"
        required
        hint="Al menos 8 caracteres"
        error={state.fields?.password}
      />
      <Field
        name="confirm"
        label="Repite la contraseña"
        type="password"
        autoComplete="new-password"
        required
        error={state.fields?.confirm}
      />
      <SubmitButton>Cambiar la contraseña</SubmitButton>
    </form>
  );
}
