'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ADDRESS_FIELDS, fieldsUnder, readAddress } from '@/lib/address-form';
import { actionApi } from '@/lib/api';
import { closedOrderMessage, shortageMessage, stockShortages } from '@/lib/checkout-errors';
import { type FormState, genericMessage, keptValues, spanishFieldErrors } from '@/lib/form-errors';
import { formText } from '@/lib/form-text';
import { formIdempotencyKey, newIdempotencyKey } from '@/lib/idempotency-key';
import { signInAgain } from '@/lib/require-session';

/**
 * Places the order: the cart becomes an order awaiting payment. The form's Idempotency-Key goes back with
 * every failure, so a retry (after a 503, or the same form sent twice) places at most one order.
 */
export async function placeOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const key = formIdempotencyKey(form.get('idempotencyKey'));
  const values = { ...keptValues(form, ADDRESS_FIELDS), idempotencyKey: key };
  const { data, error, response } = await (await actionApi()).orders.POST('/checkout', {
    params: { header: { 'idempotency-key': key } },
    body: { shippingAddress: readAddress(form), paymentProvider: 'test' },
  });
  if (data) {
    revalidatePath('/', 'layout');
    redirect(`/checkout/pago/${data.order.id}`);
  }
  const status = response.status;
  if (status === 401) signInAgain('/checkout');
  if (status === 409) {
    // This form's key names a closed order for good: a new checkout needs a key of its own.
    const closed = closedOrderMessage(error);
    if (closed) return { values: { ...values, idempotencyKey: newIdempotencyKey() }, message: closed };
    const shortages = stockShortages(error);
    if (shortages.length > 0) return { values, message: shortageMessage(shortages) };
    return { values, message: 'Tu carrito está vacío o cambió: revísalo antes de finalizar la compra.' };
  }
  if (status === 403) {
    return {
      values,
      message: 'Verifica tu correo antes de comprar: te enviamos un enlace (puedes pedir otro en tu perfil).',
    };
  }
  if (status === 422) {
    // The key placed an order with another address: this form is a new checkout, with a key of its own.
    return {
      values: { ...values, idempotencyKey: newIdempotencyKey() },
      message: 'Ya hiciste un pedido con otros datos desde este formulario: revisa Tus Pedidos antes de repetirlo.',
    };
  }
  if (status === 402) {
    // Placed, but the provider will not take its payment: it expires unpaid and its stock goes back.
    return {
      values: { ...values, idempotencyKey: newIdempotencyKey() },
      message:
        'La pasarela de pago rechazó el pedido: no se cobró nada y el pedido caducará sin pagarse (lo verás en Tus Pedidos).',
    };
  }
  if (status === 503) {
    return {
      values,
      message:
        'No pudimos iniciar el pago. Tu pedido puede haberse registrado: vuelve a enviar el formulario y lo retomaremos sin duplicarlo.',
    };
  }
  return {
    values,
    message: genericMessage(error, status),
    fields: fieldsUnder(spanishFieldErrors(error), 'shippingAddress'),
  };
}

/** Pays a `test` payment with a test card; the order becomes paid when the provider's webhook arrives. */
export async function payOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const orderId = formText(form, 'orderId');
  const paymentId = formText(form, 'paymentId');
  const { data, error, response } = await (await actionApi()).orders.POST('/payments/{paymentId}/confirm', {
    params: { path: { paymentId } },
    body: { cardNumber: formText(form, 'cardNumber').trim() },
  });
  const processing = `/pedidos/${encodeURIComponent(orderId)}?pago=procesando`;
  if (data) {
    if (data.status === 'failed') {
      return {
        message: 'Tu banco rechazó la tarjeta. Prueba con otra tarjeta o cancela el pedido.',
        fields: { cardNumber: 'Tarjeta rechazada' },
      };
    }
    revalidatePath('/pedidos', 'layout');
    redirect(processing);
  }
  const status = response.status;
  if (status === 401) signInAgain(`/checkout/pago/${orderId}`);
  // Already paid or being paid, or no longer payable: the order's page says which.
  if (status === 409) redirect(processing);
  if (status === 404) return { message: 'No encontramos ese pago entre tus pedidos.' };
  return { message: genericMessage(error, status), fields: spanishFieldErrors(error) };
}
