'use client';

import { useActionState } from 'react';
import { requestPasswordReset } from '@/app/actions/auth';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function ForgotForm() {
  const [state, action] = useActionState(requestPasswordReset, {});
  return (
    <form action={action} className="form" noValidate>
      <FormMessage message={state.message} ok={state.ok} />
      <Field
        name="email"
        label="Correo electrónico"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <SubmitButton>Enviar el enlace</SubmitButton>
    </form>
  );
}
