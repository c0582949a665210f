import type { OrdersConfig } from '../deps';

export type PricedLine = { unitPriceMinor: number; quantity: number };
export type Totals = { subtotalMinor: number; shippingMinor: number; totalMinor: number };

/**
 * The one computation of what an order costs, in integer minor units: the subtotal of the lines at
 * their current prices, a flat shipping fee unless the subtotal reaches the free-shipping threshold,
 * and their sum, which is stored on the order and is exactly what the provider is asked to charge.
 */
export function orderTotals(
  lines: readonly PricedLine[],
  config: Pick<OrdersConfig, 'shippingFeeMinor' | 'freeShippingThresholdMinor'>,
): Totals {
  const subtotalMinor = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
  const shippingMinor = subtotalMinor >= config.freeShippingThresholdMinor ? 0 : config.shippingFeeMinor;
  const totalMinor = subtotalMinor + shippingMinor;
  if (!Number.isSafeInteger(totalMinor)) throw new Error('order total out of range');
  return { subtotalMinor, shippingMinor, totalMinor };
}
