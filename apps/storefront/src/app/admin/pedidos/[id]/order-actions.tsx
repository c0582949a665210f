'use client';

import { useActionState } from 'react';
import { cancelOrder, fulfilOrder, refundOrder } from '@/app/actions/admin-orders';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function FulfilForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(fulfilOrder, {});
  return (
    <form action={action} className="inline-form" aria-label="Marcar como enviado">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="orderId" value={orderId} />
      <SubmitButton pending="Guardando…">Marcar como enviado</SubmitButton>
    </form>
  );
}

export function AdminCancelForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(cancelOrder, {});
  return (
    <form action={action} className="inline-form" aria-label="Cancelar el pedido">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="orderId" value={orderId} />
      <SubmitButton className="button danger" pending="Cancelando…">
        Cancelar el pedido
      </SubmitButton>
    </form>
  );
}

type RefundProps = { orderId: string; idempotencyKey: string; left: string; leftLabel: string };

/** Its Idempotency-Key is made with the page and kept across a failed try: one refund per click. */
export function RefundForm({ orderId, idempotencyKey, left, leftLabel }: RefundProps) {
  const [state, action] = useActionState(refundOrder, {});
  return (
    <form action={action} className="form plain" noValidate aria-label="Reembolsar">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={state.values?.idempotencyKey ?? idempotencyKey} />
      <Field
        name="amount"
        label="Importe a reembolsar"
        inputMode="decimal"
        required
        hint={`Queda por reembolsar ${leftLabel}.`}
        defaultValue={state.ok ? left : (state.values?.amount ?? left)}
        error={state.fields?.amount}
      />
      <SubmitButton className="button secondary" pending="Reembolsando…">
        Reembolsar
      </SubmitButton>
    </form>
  );
}
