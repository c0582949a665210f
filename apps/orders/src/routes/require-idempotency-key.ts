import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '@greencommerce/contracts';
import { AppError } from '@greencommerce/http';
import type { MiddlewareHandler } from 'hono';

/**
 * The Idempotency-Key a retried request must repeat (checkout, admin refunds): required, so a
 * retried click can never make a second order or refund. After the token, size and type checks
 * (so those answer first), before the body is read.
 */
export const requireIdempotencyKey =
  (what: string): MiddlewareHandler =>
  async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) {
      throw new AppError('BAD_REQUEST', `The ${IDEMPOTENCY_KEY_HEADER} header is required: a new UUID per ${what}`);
    }
    if (!IdempotencyKey.safeParse(key).success) {
      throw new AppError('BAD_REQUEST', `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters`);
    }
    await next();
  };
