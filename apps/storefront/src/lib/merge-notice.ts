/**
 * What a cart merge at login capped, carried in the cart page's URL (`?ajustes=12-3-stock,15-99-max-quantity`)
 * so the notice survives the redirect without JavaScript or a cookie, and names each product.
 */
export type Capped = { productId: number; quantity: number; requested?: number; reason: string };

const REASONS = ['stock', 'max-quantity', 'line-limit', 'currency'] as const;

export function mergeNotice(capped: readonly Capped[]): string {
  return capped.map((c) => `${c.productId}-${c.quantity}-${c.reason}`).join(',');
}

export function readMergeNotice(value: unknown): Capped[] {
  if (typeof value !== 'string') return [];
  const out: Capped[] = [];
  for (const part of value.split(',').slice(0, 100)) {
    const m = /^([1-9][0-9]{0,9})-([0-9]{1,2})-([a-z-]+)$/.exec(part);
    if (!m || !(REASONS as readonly string[]).includes(m[3]!)) continue;
    out.push({ productId: Number(m[1]), quantity: Number(m[2]), reason: m[3]! });
  }
  return out;
}

export function cappedReason(reason: string): string {
  switch (reason) {
    case 'stock':
      return 'no hay más unidades disponibles';
    case 'max-quantity':
      return 'el máximo es 99 unidades por producto';
    case 'line-limit':
      return 'el carrito admite como máximo 100 productos distintos';
    case 'currency':
      return 'estaba en otra moneda y no se pudo juntar';
    default:
      return 'no se pudo juntar';
  }
}
