'use client';

import { useActionState } from 'react';
import { cancelMyOrder } from '@/app/actions/orders';
import { FormMessage } from './field';
import { SubmitButton } from './submit-button';

/** The shopper's cancel button for an order awaiting payment (on its page and on the payment page). */
export function CancelOrderForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(cancelMyOrder, {});
  return (
    <form action={action} className="inline-form" aria-label="Cancelar el pedido">
      <FormMessage message={state.message} />
      <input type="hidden" name="orderId" value={orderId} />
      <SubmitButton className="button danger" pending="Cancelando…">
        Cancelar el pedido
      </SubmitButton>
    </form>
  );
}
