/** An orders row as checkout writes one, pending payment, for the tests that write the table directly. */
export const orderRow = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  user_id: 1,
  status: 'pending_payment' as const,
  currency: 'EUR',
  subtotal_minor: 1000,
  shipping_minor: 500,
  total_minor: 1500,
  customer_name: 'Ana Pérez 😀',
  customer_email: 'ana@example.com',
  shipping_address: '{"line1":"Calle 1"}',
  payment_provider: 'test',
  expires_at: new Date(Date.now() + 60_000),
  ...over,
});

/** A payments row as checkout writes one, pending, for the same tests. */
export const paymentRow = (id: string, orderId: string, over: Record<string, unknown> = {}) => ({
  id,
  order_id: orderId,
  provider: 'test',
  status: 'pending' as const,
  amount_minor: 1500,
  currency: 'EUR',
  provider_ref: null as string | null,
  ...over,
});
