'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { register } from '@/app/actions/auth';
import { Field, FormMessage, SelectField } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

const GENDERS = [
  { value: '', label: 'Elige una opción' },
  { value: 'Hombre', label: 'Hombre' },
  { value: 'Mujer', label: 'Mujer' },
  { value: 'Otro', label: 'Otro' },
] as const;

/** The original client's registration fields, with the API's message next to each. */
export function RegisterForm() {
  const [state, action] = useActionState(register, {});
  const v = state.values ?? {};
  const e = state.fields ?? {};
  return (
    <form action={action} className="form" noValidate>
      <FormMessage message={state.message} />
      <div className="form-row">
        <Field name="name" label="Nombre" autoComplete="given-name" required defaultValue={v.name} error={e.name} />
        <Field
          name="lastName"
          label="Apellido"
          autoComplete="family-name"
          required
          defaultValue={v.lastName}
          error={e.lastName}
        />
      </div>
      <fieldset className="form-row" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: '0.3rem' }}>Fecha de nacimiento</legend>
        <Field
          name="dayBirth"
          label="Día"
          inputMode="numeric"
          autoComplete="bday-day"
          required
          defaultValue={v.dayBirth}
          error={e.dayBirth}
        />
        <Field
          name="monthBirth"
          label="Mes"
          inputMode="numeric"
          autoComplete="bday-month"
          required
          defaultValue={v.monthBirth}
          error={e.monthBirth}
        />
        <Field
          name="yearBirth"
          label="Año"
          inputMode="numeric"
          autoComplete="bday-year"
          required
          defaultValue={v.yearBirth}
          error={e.yearBirth}
        />
      </fieldset>
      <SelectField name="gender" label="Género" options={GENDERS} defaultValue={v.gender} error={e.gender} required />
      <Field
        name="phoneNumber"
        label="Teléfono"
        type="tel"
        autoComplete="tel"
        required
        hint="De 7 a 10 dígitos"
        defaultValue={v.phoneNumber}
        error={e.phoneNumber}
      />
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
