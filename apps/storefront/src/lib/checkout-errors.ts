import { type ClosedOrderOutcome, isApiError } from '@greencommerce/client';
import { orderNumber } from './order-format';

export type Shortage = { name: string; requested: number; available: number };

/**
 * The lines a 409 checkout names as short of stock: each detail reads
 * `items.<productId>`: "<name>: <n> requested, <m> available".
 */
export function stockShortages(error: unknown): Shortage[] {
  if (!isApiError(error)) return [];
  const out: Shortage[] = [];
  for (const d of error.error.details ?? []) {
    const m = /^(.*): (\d+) requested, (\d+) available$/.exec(d.message);
    if (d.path.startsWith('items.') && m) out.push({ name: m[1]!, requested: Number(m[2]), available: Number(m[3]) });
  }
  return out;
}

/** The shortages in one Spanish sentence for the form's message. */
export function shortageMessage(shortages: Shortage[]): string {
  const parts = shortages.map((s) =>
    s.available === 0 ? `«${s.name}» está agotado` : `de «${s.name}» pediste ${s.requested} y quedan ${s.available}`,
  );
  return `No hay stock suficiente: ${parts.join('; ')}. Ajusta tu carrito y vuelve a intentarlo.`;
}

const closedAs: Record<ClosedOrderOutcome['order']['status'], string> = {
  cancelled: 'fue cancelado',
  expired: 'caducó sin pagarse',
};

const paymentFate: Record<ClosedOrderOutcome['payment'], string> = {
  not_started: 'no se te cobró nada',
  cancelled: 'el pago se anuló y no se te cobrará',
  refunded: 'si llegó a cobrarse, el pago se te reembolsará',
};

/**
 * What a 409 checkout says when the order its Idempotency-Key placed was cancelled or expired before
 * its payment went on (`closedOrder`): which order, and what became of the customer's money, in one
 * Spanish sentence. Undefined for any other 409 (an empty cart, short stock).
 */
export function closedOrderMessage(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  const closed = (error.error as { closedOrder?: Partial<ClosedOrderOutcome> }).closedOrder;
  const status = closed?.order?.status;
  const payment = closed?.payment;
  if (
    !closed?.order?.id ||
    !status ||
    !payment ||
    !Object.hasOwn(closedAs, status) ||
    !Object.hasOwn(paymentFate, payment)
  )
    return undefined;
  return `Tu pedido ${orderNumber(closed.order.id)} ${closedAs[status]}; ${paymentFate[payment]}. Revisa tu carrito y vuelve a finalizar la compra.`;
}
