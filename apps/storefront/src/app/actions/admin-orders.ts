'use server';

import type { OrdersApi } from '@greencommerce/client';
import { revalidatePath } from 'next/cache';
import { actionApi } from '@/lib/api';
import { type FormState, genericMessage, keptValues, spanishFieldErrors } from '@/lib/form-errors';
import { formText } from '@/lib/form-text';
import { formIdempotencyKey, newIdempotencyKey } from '@/lib/idempotency-key';
import { formatPrice } from '@/lib/money';
import { statusLabel } from '@/lib/order-status';
import { decimalText } from '@/lib/product-form';
import { refundLimit } from '@/lib/refund-limit';
import { signInAgain } from '@/lib/require-session';

type RefundParams = OrdersApi.operations['refundOrder']['parameters'];

const page = (id: string) => `/admin/pedidos/${encodeURIComponent(id)}`;

function refused(status: number, error: unknown, id: string, values?: Record<string, string>): FormState {
  if (status === 401) signInAgain(page(id));
  if (status === 403) return { values, message: 'Tu cuenta no tiene permiso de administrador.' };
  if (status === 404) return { values, message: 'Ese pedido no existe.' };
  return { values, message: genericMessage(error, status), fields: spanishFieldErrors(error) };
}

/** The service's 409 in the admin's words: the state the order is in now made the change impossible. */
async function conflict(id: string, what: string): Promise<FormState> {
  const now = await (await actionApi()).orders.GET('/orders/{id}', { params: { path: { id } } });
  revalidatePath(page(id));
  const state = now.data ? `: está «${statusLabel(now.data.status).toLowerCase()}»` : '';
  return { message: `No se puede ${what} este pedido${state}.` };
}

export async function fulfilOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'orderId');
  const { data, error, response } = await (await actionApi()).orders.POST('/orders/{id}/fulfil', {
    params: { path: { id } },
  });
  if (!data) return response.status === 409 ? conflict(id, 'marcar como enviado') : refused(response.status, error, id);
  revalidatePath('/admin/pedidos', 'layout');
  return { ok: true, message: 'Pedido marcado como enviado.' };
}

export async function cancelOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'orderId');
  const { data, error, response } = await (await actionApi()).orders.POST('/orders/{id}/cancel', {
    params: { path: { id } },
  });
  if (!data) return response.status === 409 ? conflict(id, 'cancelar') : refused(response.status, error, id);
  revalidatePath('/admin/pedidos', 'layout');
  return { ok: true, message: 'Pedido cancelado: su stock volvió a la tienda.' };
}

/**
 * Refunds part or all of a paid order. The form's Idempotency-Key makes a second click (or a retry
 * after a timeout) the same refund, not another one; a refund that went through gets a new key for the next.
 */
export async function refundOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'orderId');
  const key = formIdempotencyKey(form.get('idempotencyKey'));
  const values = { ...keptValues(form, ['amount']), idempotencyKey: key };
  // The header goes in `params` as the orders API now declares it (required, since the refunds'
  // idempotency work); the cast keeps this compiling against the client generated before that too.
  const params = { path: { id }, header: { 'idempotency-key': key } } as unknown as RefundParams;
  const { data, error, response } = await (await actionApi()).orders.POST('/orders/{id}/refunds', {
    params,
    body: { amount: decimalText(formText(form, 'amount')) },
  });
  if (!data) {
    if (response.status === 409 || response.status === 402) {
      const fields = spanishFieldErrors(error);
      if (fields.amount) {
        return { values, message: 'Revisa el importe.', fields: { amount: refundLimit(fields.amount) } };
      }
      return {
        values,
        message:
          response.status === 402
            ? 'La pasarela de pago rechazó el reembolso.'
            : 'Este pedido no se puede reembolsar ahora.',
      };
    }
    if (response.status === 422) {
      return {
        values: { ...values, idempotencyKey: newIdempotencyKey() },
        message: 'Ese reembolso ya se pidió con otro importe. Revisa el pedido y vuelve a intentarlo.',
      };
    }
    return refused(response.status, error, id, values);
  }
  revalidatePath('/admin/pedidos', 'layout');
  return {
    ok: true,
    values: { idempotencyKey: newIdempotencyKey() },
    message: `Reembolso hecho. En total se han devuelto ${formatPrice(data.refunded, data.currency)}.`,
  };
}
