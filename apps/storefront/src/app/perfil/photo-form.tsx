'use client';

import { useActionState } from 'react';
import { uploadPhoto } from '@/app/actions/profile';
import { FormMessage } from '@/components/field';
import { ImageFileField } from '@/components/image-file-field';
import { SubmitButton } from '@/components/submit-button';

export function PhotoForm() {
  const [state, action] = useActionState(uploadPhoto, {});
  return (
    <form action={action} className="form plain" encType="multipart/form-data" aria-label="Cambiar la foto de perfil">
      <FormMessage message={state.message} ok={state.ok} />
      <ImageFileField label="Nueva foto" hint="JPEG, PNG o WebP, hasta 5 MB." error={state.fields?.image} />
      <SubmitButton pending="Subiendo…">Subir foto</SubmitButton>
    </form>
  );
}
