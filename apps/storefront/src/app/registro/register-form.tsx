'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { register } from '@/app/actions/auth';
import { Field, FormMessage } from '@/components/field';
import { PersonFields } from '@/components/person-fields';
import { SubmitButton } from '@/components/submit-button';

/** The original client's registration fields, with the API's message next to each. */
export function RegisterForm() {
  const [state, action] = useActionState(register, {});
  const v = state.values ?? {};
  const e = state.fields ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormMessage message={state.message} />
      <PersonFields values={v} errors={e} signingUp />
      <Field
        name="email"
        label="Correo electrónico"
        type="email"
        autoComplete="email"
        required
        defaultValue={v.email}
        error={e.email}
      />
      <Field
        name="password"
        label="Contraseña"
        type="password"
        autoComplete="new-password"
        required
        hint="Al menos 8 caracteres"
        error={e.password}
      />
      <SubmitButton pending="Creando la cuenta…">Crear cuenta</SubmitButton>
      <p className="hint">
        ¿Ya tienes cuenta? <Link href="/login">Inicia sesión</Link>
      </p>
    </form>
  );
}
