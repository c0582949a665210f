import { expect, test } from 'bun:test';
import { closedOrderMessage, shortageMessage, stockShortages } from '../../src/lib/checkout-errors';
import { formatDateTime, orderNumber } from '../../src/lib/order-format';
import {
  canCancel,
  canFulfil,
  canPay,
  canRefund,
  isOrderStatus,
  ORDER_STATUS_OPTIONS,
  statusLabel,
  statusTone,
} from '../../src/lib/order-status';
import { MAX_POLLS, nextPoll, readPoll } from '../../src/lib/payment-poll';
import { refundLimit } from '../../src/lib/refund-limit';

test('every order state has a Spanish label and a tone; an unknown one is shown as it came', () => {
  expect(ORDER_STATUS_OPTIONS.map((o) => o.value)).toEqual([
    'pending_payment',
    'paid',
    'fulfilled',
    'cancelled',
    'expired',
    'refunded',
    'partially_refunded',
  ]);
  expect(statusLabel('pending_payment')).toBe('Pendiente de pago');
  expect(statusLabel('paid')).toBe('Pagado');
  expect(statusLabel('partially_refunded')).toBe('Reembolsado en parte');
  expect(statusLabel('on_hold')).toBe('on_hold');
  expect(statusTone('paid')).toBe('done');
  expect(statusTone('expired')).toBe('closed');
  expect(statusTone('pending_payment')).toBe('waiting');
  expect(isOrderStatus('refunded')).toBe(true);
  expect(isOrderStatus('toString')).toBe(false);
  expect(isOrderStatus(undefined)).toBe(false);
  expect(statusLabel('toString')).toBe('toString');
});

test("what each state allows, as the orders service's transitions do", () => {
  expect(canCancel('pending_payment')).toBe(true);
  expect(canCancel('paid')).toBe(false);
  expect(canFulfil('paid')).toBe(true);
  expect(canFulfil('partially_refunded')).toBe(true);
  expect(canFulfil('fulfilled')).toBe(false);
  expect(canRefund('paid')).toBe(true);
  expect(canRefund('refunded')).toBe(false);
  expect(canRefund('pending_payment')).toBe(false);
  const order = { status: 'pending_payment', paymentProvider: 'test', paymentId: 'p' } as const;
  expect(canPay(order)).toBe(true);
  expect(canPay({ ...order, paymentId: null })).toBe(false);
  expect(canPay({ ...order, paymentProvider: 'stripe' })).toBe(false);
  expect(canPay({ ...order, status: 'paid' })).toBe(false);
});

test('the order page polls while the payment is processing, and stops after a while', () => {
  expect(readPoll({})).toBeUndefined();
  expect(readPoll({ pago: 'otro' })).toBeUndefined();
  expect(readPoll({ pago: 'procesando' })).toBe(0);
  expect(readPoll({ pago: 'procesando', n: '3' })).toBe(3);
  expect(readPoll({ pago: ['procesando'], n: ['x'] })).toBe(0);
  expect(readPoll({ pago: 'procesando', n: '99999' })).toBe(0);
  expect(readPoll({ pago: 'procesando', n: '5000' })).toBe(MAX_POLLS);
  expect(nextPoll('/pedidos/abc', 0)).toBe('/pedidos/abc?pago=procesando&n=1');
  expect(nextPoll('/pedidos/abc', MAX_POLLS - 1)).toBe(`/pedidos/abc?pago=procesando&n=${MAX_POLLS}`);
  expect(nextPoll('/pedidos/abc', MAX_POLLS)).toBeNull();
});

test("a checkout's stock conflict names each short line in Spanish", () => {
  const error = {
    error: {
      code: 'CONFLICT',
      message: 'Not enough stock for 2 products; nothing was reserved',
      requestId: 'r',
      details: [
        { path: 'items.3', message: 'Té verde: 5 requested, 2 available' },
        { path: 'items.9', message: 'Jabón: 1 requested, 0 available' },
        { path: 'other', message: 'x: 1 requested, 0 available' },
      ],
    },
  };
  const shortages = stockShortages(error);
  expect(shortages).toEqual([
    { name: 'Té verde', requested: 5, available: 2 },
    { name: 'Jabón', requested: 1, available: 0 },
  ]);
  expect(shortageMessage(shortages)).toBe(
    'No hay stock suficiente: de «Té verde» pediste 5 y quedan 2; «Jabón» está agotado. Ajusta tu carrito y vuelve a intentarlo.',
  );
  expect(stockShortages({ error: 'nope' })).toEqual([]);
});

test("a checkout's order closed meanwhile: which order, and whether the shopper was or will be charged", () => {
  const closed = (status: string, payment: string) => ({
    error: {
      code: 'CONFLICT',
      message: 'The order … is cancelled',
      requestId: 'r',
      closedOrder: { order: { id: '0190f3a2-7c1e-7d4b-9a6f-1234abcd5678', status }, payment },
    },
  });
  expect(closedOrderMessage(closed('cancelled', 'not_started'))).toBe(
    'Tu pedido ABCD5678 fue cancelado; no se te cobró nada. Revisa tu carrito y vuelve a finalizar la compra.',
  );
  expect(closedOrderMessage(closed('expired', 'cancelled'))).toBe(
    'Tu pedido ABCD5678 caducó sin pagarse; el pago se anuló y no se te cobrará. Revisa tu carrito y vuelve a finalizar la compra.',
  );
  expect(closedOrderMessage(closed('cancelled', 'refunded'))).toBe(
    'Tu pedido ABCD5678 fue cancelado; si llegó a cobrarse, el pago se te reembolsará. Revisa tu carrito y vuelve a finalizar la compra.',
  );
  // Any other 409 (short stock, an empty cart), or values this storefront does not know: the usual messages.
  expect(
    closedOrderMessage({ error: { code: 'CONFLICT', message: 'Your cart is empty', requestId: 'r' } }),
  ).toBeUndefined();
  expect(closedOrderMessage(closed('on_hold', 'not_started'))).toBeUndefined();
  expect(closedOrderMessage(closed('cancelled', 'toString'))).toBeUndefined();
  expect(closedOrderMessage({ error: 'nope' })).toBeUndefined();
});

test('order numbers and dates as the shopper reads them', () => {
  expect(orderNumber('0190f3a2-7c1e-7d4b-9a6f-1234abcd5678')).toBe('ABCD5678');
  // In the shop's zone (Quito, UTC-5) whatever the server's: in UTC it is already March.
  expect(formatDateTime('2026-03-01T04:30:00.000Z')).toMatch(/^28 feb 2026, 11:30/);
  expect(formatDateTime('no es fecha')).toBe('no es fecha');
});

test('a refund over what is left shows the most that can still be refunded, in major units', () => {
  expect(refundLimit('at most 1500')).toBe('Como máximo 15.00');
  expect(refundLimit('at most 5')).toBe('Como máximo 0.05');
  expect(refundLimit('must be a positive amount')).toBe('must be a positive amount');
});
