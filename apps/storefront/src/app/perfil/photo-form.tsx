'use client';

import { useActionState } from 'react';
import { uploadPhoto } from '@/app/actions/profile';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function PhotoForm() {
  const [state, action] = useActionState(uploadPhoto, {});
  return (
    <form action={action} className="form plain" encType="multipart/form-data" aria-label="Cambiar la foto de perfil">
      <FormMessage message={state.message} ok={state.ok} />
      <Field
        name="image"
        label="Nueva foto"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        hint="JPEG, PNG o WebP, hasta 5 MB."
        error={state.fields?.image}
      />
      <SubmitButton pending="Subiendo…">Subir foto</SubmitButton>
    </form>
  );
}
