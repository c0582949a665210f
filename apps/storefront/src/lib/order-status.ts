import type { Order } from '@greencommerce/client';

export type OrderStatus = Order['status'];

/** Each state an order can be in, as the shopper reads it. */
const LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Pendiente de pago',
  paid: 'Pagado',
  fulfilled: 'Enviado',
  cancelled: 'Cancelado',
  expired: 'Caducado (no se pagó a tiempo)',
  refunded: 'Reembolsado',
  partially_refunded: 'Reembolsado en parte',
};

/** The badge's colour family: a state still moving, a good outcome, or one that ended without a sale. */
const TONES: Record<OrderStatus, 'waiting' | 'done' | 'closed'> = {
  pending_payment: 'waiting',
  paid: 'done',
  fulfilled: 'done',
  cancelled: 'closed',
  expired: 'closed',
  refunded: 'closed',
  partially_refunded: 'done',
};

export const ORDER_STATUS_OPTIONS = (Object.keys(LABELS) as OrderStatus[]).map((value) => ({
  value,
  label: LABELS[value],
}));

// Own keys only: a query's `?status=toString` is no state.
export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && Object.hasOwn(LABELS, value);
}

export function statusLabel(status: string): string {
  return isOrderStatus(status) ? LABELS[status] : status;
}

export function statusTone(status: string): 'waiting' | 'done' | 'closed' {
  return isOrderStatus(status) ? TONES[status] : 'waiting';
}

// What the orders service allows from each state (it enforces; the pages only offer what can work).

/** The owner (or an admin) cancels an order only while it awaits payment; its stock goes back. */
export const canCancel = (status: OrderStatus) => status === 'pending_payment';
/** A `test` payment is paid with the card form while the order awaits payment. */
export const canPay = (order: Pick<Order, 'status' | 'paymentProvider' | 'paymentId'>) =>
  order.status === 'pending_payment' && order.paymentProvider === 'test' && order.paymentId !== null;
export const canFulfil = (status: OrderStatus) => status === 'paid' || status === 'partially_refunded';
export const canRefund = (status: OrderStatus) => status === 'paid' || status === 'partially_refunded';
