import type { Db } from '@greencommerce/db';
import {
  AppError,
  type BaseEnv,
  type Logger,
  openApiRouter,
  requireAuth,
  requireRole,
  type TokenVerifier,
} from '@greencommerce/http';
import type { MiddlewareHandler } from 'hono';
import { requireIdempotencyKey } from '../routes/require-idempotency-key';
import { applyPaymentEvent } from './apply-payment-event';
import { confirmTestPayment } from './confirm-test-payment';
import { confirmPaymentRoute, refundOrderRoute, webhookRoute } from './payments.routes';
import { type PaymentProviders, WebhookSignatureError } from './provider';
import { refundOrder } from './refund-order';

export type PaymentRouteDeps = {
  db: Db;
  logger: Logger;
  verifyToken: TokenVerifier;
  payments: PaymentProviders;
  /** Sends due test webhooks at once (the delivery loop's deliverDue); unset: they wait for the loop. */
  deliverTestWebhooks?: () => Promise<unknown>;
};

type RawEnv = BaseEnv & { Variables: BaseEnv['Variables'] & { rawBody: Uint8Array } };

/**
 * Reads the body as bytes before anything parses it (limitBody before this caps it): signatures
 * are over exactly these bytes. The JSON validator after it parses from the same cached bytes.
 */
const readRawBody: MiddlewareHandler<RawEnv> = async (c, next) => {
  c.set('rawBody', new Uint8Array(await c.req.arrayBuffer()));
  await next();
};

/** POST /payments/webhooks/<provider> (one per registered provider), POST /payments/{id}/confirm, POST /orders/{id}/refunds. */
export function paymentRoutes(deps: PaymentRouteDeps) {
  const auth = [requireAuth(deps.verifyToken)];
  const admin = [requireAuth(deps.verifyToken), requireRole('admin')];
  const router = openApiRouter();
  for (const [name, provider] of deps.payments) {
    router.openapi(webhookRoute(name, readRawBody as MiddlewareHandler), async (c) => {
      const raw = (c as unknown as { get(k: 'rawBody'): Uint8Array }).get('rawBody');
      let event: Awaited<ReturnType<typeof provider.verifyWebhook>>;
      try {
        event = await provider.verifyWebhook(raw, c.req.raw.headers);
      } catch (err) {
        if (!(err instanceof WebhookSignatureError)) throw err;
        deps.logger.warn({ provider: name, reason: err.message }, 'payment webhook signature refused');
        throw new AppError('BAD_REQUEST', `Invalid webhook signature: ${err.message}`);
      }
      if (!event) return c.json({ received: true as const, outcome: 'ignored' as const }, 200);
      const { outcome } = await applyPaymentEvent(deps, name, event);
      return c.json({ received: true as const, outcome }, 200);
    });
  }
  return router
    .openapi(confirmPaymentRoute(auth), async (c) => {
      const result = await confirmTestPayment(
        deps,
        c.get('principal'),
        c.req.valid('param').paymentId,
        c.req.valid('json').cardNumber,
      );
      return c.json(result, 200);
    })
    .openapi(refundOrderRoute(admin, requireIdempotencyKey('refund')), async (c) => {
      const key = c.req.valid('header')['idempotency-key'] as string;
      const refund = await refundOrder(
        deps,
        c.var.principal.userId,
        key,
        c.req.valid('param').id,
        c.req.valid('json').amount,
      );
      return c.json(refund, 201);
    });
}
