'use client';

import { useActionState } from 'react';
import { updateProfile } from '@/app/actions/profile';
import { Field, FormMessage } from '@/components/field';
import { PersonFields } from '@/components/person-fields';
import { SubmitButton } from '@/components/submit-button';

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
      <PersonFields values={v} errors={e} />
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
