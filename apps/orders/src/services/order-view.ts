import { type OrderAddress, type OrderView, toMajorUnits } from '@greencommerce/contracts';
import { type OrderLineRow, type OrderRow, toDate } from '@greencommerce/db';

const iso = (v: Date | string) => toDate(v).toISOString();

/** An order as the API shows it: money in major units (from the stored minor units), dates in ISO 8601. */
export function orderView(order: OrderRow, lines: readonly OrderLineRow[]): OrderView {
  return {
    id: order.id,
    userId: order.user_id,
    status: order.status,
    currency: order.currency,
    lines: lines.map((l) => ({
      productId: l.product_id,
      slug: l.slug,
      name: l.name,
      unitPrice: toMajorUnits(Number(l.unit_price_minor)),
      quantity: l.quantity,
      lineTotal: toMajorUnits(Number(l.line_total_minor)),
    })),
    subtotal: toMajorUnits(Number(order.subtotal_minor)),
    shipping: toMajorUnits(Number(order.shipping_minor)),
    total: toMajorUnits(Number(order.total_minor)),
    refunded: toMajorUnits(Number(order.refunded_minor)),
    shippingAddress: order.shipping_address === null ? null : (JSON.parse(order.shipping_address) as OrderAddress),
    customer: { name: order.customer_name, email: order.customer_email },
    paymentProvider: order.payment_provider,
    paymentId: order.payment_id,
    expiresAt: iso(order.expires_at),
    paidAt: order.paid_at === null ? null : iso(order.paid_at),
    createdAt: iso(order.created_at),
    updatedAt: iso(order.updated_at),
  };
}

/** What a receipt or notice needs, for the order events (minor units, as stored). */
export function orderReceipt(order: OrderRow, lines: readonly OrderLineRow[]) {
  return {
    orderId: order.id,
    userId: order.user_id,
    email: order.customer_email,
    customerName: order.customer_name,
    lines: lines.map((l) => ({
      productId: l.product_id,
      slug: l.slug,
      name: l.name,
      unitPriceMinor: Number(l.unit_price_minor),
      quantity: l.quantity,
      lineTotalMinor: Number(l.line_total_minor),
    })),
    currency: order.currency,
    subtotalMinor: Number(order.subtotal_minor),
    shippingMinor: Number(order.shipping_minor),
    totalMinor: Number(order.total_minor),
  };
}
