import { afterAll, beforeAll, expect, test } from 'bun:test';
import { outboxRowsAfter } from '@greencommerce/db';
import { createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { allTopics, DomainEvent, enqueueEvent, eventKey, topics } from '../src/index';

let t: TestDb;
beforeAll(async () => {
  t = await createSqliteTestDb();
});
afterAll(() => t.drop());

const orderId = '0193a0c4-1111-7000-8000-000000000001';
const receipt = {
  orderId,
  userId: 7,
  email: 'ana@example.com',
  customerName: 'Ana',
  lines: [{ productId: 3, slug: 'jabon', name: 'Jabón', unitPriceMinor: 450, quantity: 2, lineTotalMinor: 900 }],
  currency: 'EUR',
  subtotalMinor: 900,
  shippingMinor: 495,
  totalMinor: 1395,
};

test('order events go to orders.* topics keyed by the order id, with what a receipt needs', async () => {
  const paid = await enqueueEvent(t.db, 'OrderPaid', { ...receipt, paymentId: null, provider: 'test' });
  const refunded = await enqueueEvent(t.db, 'OrderRefunded', {
    ...receipt,
    refundId: 'r1',
    amountMinor: 100,
    refundedMinor: 100,
    full: false,
  });
  const checkedOut = await enqueueEvent(t.db, 'CartCheckedOut', { cartId: 'c1', userId: 7, orderId });
  const rows = await outboxRowsAfter(t.db, 0, ['orders.paid', 'orders.refunded', 'cart.checked-out'], 10);
  expect(rows.map((r) => [r.topic, r.event_key])).toEqual([
    ['orders.paid', orderId],
    ['orders.refunded', orderId],
    ['cart.checked-out', orderId],
  ]);
  expect(JSON.parse(rows[0]!.payload).data.lines[0].lineTotalMinor).toBe(900);
  expect([paid, refunded, checkedOut].map(eventKey)).toEqual([orderId, orderId, orderId]);
});

test('every order event has a topic (and its dead-letter topic); erased personal data is null, not missing', () => {
  for (const name of [
    'OrderPlaced',
    'OrderPaid',
    'OrderCancelled',
    'OrderExpired',
    'OrderFulfilled',
    'OrderRefunded',
    'PaymentFailed',
    'CartCheckedOut',
  ] as const) {
    expect(allTopics()).toContain(topics[name]);
    expect(allTopics()).toContain(`${topics[name]}.dlq`);
  }
  const base = { id: crypto.randomUUID(), version: 1, occurredAt: new Date().toISOString() };
  expect(
    DomainEvent.safeParse({ ...base, event: 'OrderExpired', data: { ...receipt, email: null, customerName: null } })
      .success,
  ).toBe(true);
  const { email: _, ...noEmail } = receipt;
  expect(DomainEvent.safeParse({ ...base, event: 'OrderExpired', data: noEmail }).success).toBe(false);
  expect(DomainEvent.safeParse({ ...base, event: 'OrderCancelled', data: { ...receipt, by: 'robot' } }).success).toBe(
    false,
  );
});

test('events without an order keep their keys (product id, then user id)', () => {
  const base = { id: crypto.randomUUID(), version: 1 as const, occurredAt: new Date().toISOString() };
  expect(eventKey({ ...base, event: 'UserDeleted', data: { userId: 9 } })).toBe('9');
  expect(
    eventKey({
      ...base,
      event: 'StockChanged',
      data: { productId: 4, oldQuantity: 1, newQuantity: 0, reason: 'order' },
    }),
  ).toBe('4');
});
