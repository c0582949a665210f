'use client';

import { useActionState } from 'react';
import { payOrder } from '@/app/actions/checkout';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

/** The test provider's card form; a declined card comes back here with the reason, ready for another. */
export function CardForm({ orderId, paymentId }: { orderId: string; paymentId: string }) {
  const [state, action] = useActionState(payOrder, {});
  return (
    <form action={action} className="form plain" noValidate aria-label="Pagar con tarjeta">
      <FormMessage message={state.message} />
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="paymentId" value={paymentId} />
      <Field
        name="cardNumber"
        label="Número de tarjeta"
        inputMode="numeric"
        autoComplete="off"
        required
        error={state.fields?.cardNumber}
        hint={
          <>
            Tarjetas de prueba: <strong>4242 4242 4242 4242</strong> (aprobada), <strong>4000 0000 0000 0002</strong>{' '}
            (rechazada), <strong>4000 0000 0000 9995</strong> (aprobada tras unos segundos).
          </>
        }
      />
      <SubmitButton pending="Pagando…">Pagar</SubmitButton>
    </form>
  );
}
