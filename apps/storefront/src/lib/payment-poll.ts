/**
 * After the card is accepted, the order becomes paid only when the payment provider's webhook arrives:
 * the order page refreshes itself (a meta refresh, so it works without JavaScript) while it waits, and
 * gives up after a while rather than reloading forever when the webhook is late.
 */
export const POLL_SECONDS = 2;
export const MAX_POLLS = 45;

/** The poll count in a page's query (`?pago=procesando&n=3`), or undefined when the page is not polling. */
export function readPoll(query: Record<string, string | string[] | undefined>): number | undefined {
  const flag = Array.isArray(query.pago) ? query.pago[0] : query.pago;
  if (flag !== 'procesando') return undefined;
  const raw = Array.isArray(query.n) ? query.n[0] : query.n;
  const n = raw && /^[0-9]{1,4}$/.test(raw) ? Number(raw) : 0;
  return Math.min(n, MAX_POLLS);
}

/** The address of the next refresh, or null once the page has waited long enough. */
export function nextPoll(path: string, n: number): string | null {
  if (n >= MAX_POLLS) return null;
  return `${path}?pago=procesando&n=${n + 1}`;
}
