import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './provider';

/** The `test` provider's signature header, in Stripe's shape: `t=<unix seconds>,v1=<hex HMAC>`. */
export const TEST_SIGNATURE_HEADER = 'test-payments-signature';

const hmac = (secret: string, timestamp: number, body: Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/** Signs a body as sent at `nowSeconds`: HMAC-SHA256 over "<timestamp>.<raw body>". */
export function signTestWebhook(secret: string, body: Uint8Array | string, nowSeconds = Math.floor(Date.now() / 1000)) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return `t=${nowSeconds},v1=${hmac(secret, nowSeconds, bytes).toString('hex')}`;
}

/**
 * Accepts the header when one of its v1 signatures matches the raw body and its timestamp is
 * within `toleranceSeconds` of now (either way: a replayed old delivery is refused).
 */
export function verifyTestSignature(
  secret: string,
  body: Uint8Array,
  header: string | null,
  toleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  if (!header) throw new WebhookSignatureError(`Missing ${TEST_SIGNATURE_HEADER} header`);
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookSignatureError('Malformed signature header');
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw new WebhookSignatureError('Signature timestamp outside the tolerance');
  }
  const expected = hmac(secret, timestamp, body);
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) {
    throw new WebhookSignatureError('Signature does not match the body');
  }
}
