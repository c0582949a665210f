'use client';

import { useActionState } from 'react';
import { resendVerification } from '@/app/actions/profile';
import { FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function ResendVerification() {
  const [state, action] = useActionState(resendVerification, {});
  return (
    <form action={action} aria-label="Reenviar el correo de verificación">
      <FormMessage message={state.message} ok={state.ok} />
      <SubmitButton className="button secondary" pending="Enviando…">
        Reenviar el enlace de verificación
      </SubmitButton>
    </form>
  );
}
