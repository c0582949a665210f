'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { verifyEmail } from '@/app/actions/auth';
import { FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

/**
 * Verifying spends the link, so it takes a click (a POST) rather than happening when the page is
 * merely opened, as a mail scanner following links would.
 */
export function VerifyForm({ token }: { token: string }) {
  const [state, action] = useActionState(verifyEmail, {});
  if (state.ok) {
    return (
      <>
        <FormMessage message={state.message} ok />
        <p>
          <Link href="/productos" className="button">
            Ir a la tienda
          </Link>
        </p>
      </>
    );
  }
  return (
    <form action={action} className="verify-form">
      <FormMessage message={state.message} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending="Verificando…">Verificar mi correo</SubmitButton>
    </form>
  );
}
