'use client';

import { useActionState } from 'react';
import { updateProfile } from '@/app/actions/profile';
import { Field, FormMessage, SelectField } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

const GENDERS = [
  { value: 'Hombre', label: 'Hombre' },
  { value: 'Mujer', label: 'Mujer' },
  { value: 'Otro', label: 'Otro' },
] as const;

export type ProfileValues = {
  name: string;
  lastName: string;
  dayBirth: string;
  monthBirth: string;
  yearBirth: string;
  gender: string;
  phoneNumber: string;
  email: string;
  shippingAddress: string;
};

/** The registration fields plus the saved address; after a failed save it shows what was typed. */
export function ProfileForm({ user }: { user: ProfileValues }) {
  const [state, action] = useActionState(updateProfile, {});
  const v = { ...user, ...state.values };
  const e = state.fields ?? {};
  return (
    <form action={action} className="form plain" noValidate aria-label="Editar tus datos">
      <FormMessage message={state.message} ok={state.ok} />
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
      <fieldset className="form-row plain-fieldset">
        <legend>Fecha de nacimiento</legend>
        <Field
          name="dayBirth"
          label="Día"
          inputMode="numeric"
          autoComplete="bday-day"
          defaultValue={v.dayBirth}
          error={e.dayBirth}
        />
        <Field
          name="monthBirth"
          label="Mes"
          inputMode="numeric"
          autoComplete="bday-month"
          defaultValue={v.monthBirth}
          error={e.monthBirth}
        />
        <Field
          name="yearBirth"
          label="Año"
          inputMode="numeric"
          autoComplete="bday-year"
          defaultValue={v.yearBirth}
          error={e.yearBirth}
        />
      </fieldset>
      <SelectField name="gender" label="Género" options={GENDERS} defaultValue={v.gender} error={e.gender} />
      <Field
        name="phoneNumber"
        label="Teléfono"
        type="tel"
        autoComplete="tel"
        hint="De 7 a 10 dígitos"
        defaultValue={v.phoneNumber}
        error={e.phoneNumber}
      />
      <Field
        name="email"
        label="Correo electrónico"
        type="email"
        autoComplete="email"
        hint="Si lo cambias, te enviaremos un enlace para verificar el nuevo."
        defaultValue={v.email}
        error={e.email}
      />
      <Field
        name="shippingAddress"
        label="Dirección de envío habitual"
        autoComplete="street-address"
        hint="La proponemos al finalizar una compra. Déjala vacía para borrarla."
        maxLength={255}
        defaultValue={v.shippingAddress}
        error={e.shippingAddress}
      />
      <SubmitButton pending="Guardando…">Guardar cambios</SubmitButton>
    </form>
  );
}
