import { isApiError } from '@greencommerce/client';

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
