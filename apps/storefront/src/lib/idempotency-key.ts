/**
 * Checkout and refunds carry an Idempotency-Key so that a double submit or a retry does the thing once.
 * The page that shows the form makes the key and keeps it in a hidden field; the action sends back the
 * one the form carried, and makes a new one only when the form carried none fit to send.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newIdempotencyKey = (): string => crypto.randomUUID();

export function formIdempotencyKey(value: unknown): string {
  return typeof value === 'string' && UUID.test(value) ? value : newIdempotencyKey();
}
