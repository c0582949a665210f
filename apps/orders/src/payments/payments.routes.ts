import {
  ConfirmPaymentRequest,
  ConfirmPaymentResult,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  PaymentId,
  RefundRequest,
  RefundView,
  WebhookReceipt,
} from '@greencommerce/contracts';
import {
  bearerErrors,
  bearerSecurity,
  errorResponses,
  jsonBodyErrors,
  jsonRequest,
  jsonResponse,
  limitBody,
  publicSecurity,
  requireJson,
  roleErrors,
  unavailableErrors,
} from '@greencommerce/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';

const OrderUuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an order id');

const JSON_BODY_LIMIT = 4 * 1024;
/** Provider events are small (a Stripe event is a few KiB); anything past this is not one. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

/** One route per registered provider (a path parameter would make `/payments/{paymentId}/confirm` ambiguous). */
export const webhookRoute = (provider: string, readRawBody: MiddlewareHandler) =>
  createRoute({
    method: 'post',
    path: `/payments/webhooks/${provider}`,
    operationId: `receive${provider[0]?.toUpperCase()}${provider.slice(1)}PaymentWebhook`,
    summary: `A ${provider} payment event, verified by its signature on the raw body and applied once`,
    description:
      'The `test` provider signs with `Test-Payments-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">`; ' +
      'Stripe with `Stripe-Signature`. A repeated event is a 200 that changes nothing.',
    security: publicSecurity,
    middleware: [limitBody(WEBHOOK_BODY_LIMIT), requireJson(), readRawBody],
    request: {
      ...jsonRequest(z.looseObject({}).meta({ description: "The provider's event, as it sends it" })),
    },
    responses: {
      200: jsonResponse(WebhookReceipt, 'Received: applied now, already applied (duplicate), or not acted on'),
      ...errorResponses({
        ...jsonBodyErrors,
        400: 'Missing, stale or wrong signature; malformed JSON; or an amount or currency that differs from the order (refused, logged, nothing changes)',
        409: 'Not applicable yet (a refund for an order not yet paid): send it again later',
        ...unavailableErrors,
      }),
    },
  });

export const confirmPaymentRoute = (auth: MiddlewareHandler[]) =>
  createRoute({
    method: 'post',
    path: '/payments/{paymentId}/confirm',
    operationId: 'confirmTestPayment',
    summary: "Pay a `test` payment with a test card (the order's owner); the order changes by the webhook it causes",
    security: bearerSecurity,
    middleware: [...auth, limitBody(JSON_BODY_LIMIT), requireJson()],
    request: { params: z.object({ paymentId: PaymentId }), ...jsonRequest(ConfirmPaymentRequest) },
    responses: {
      200: jsonResponse(
        ConfirmPaymentResult,
        'What the card did: succeeded, failed (declined) or processing (delayed)',
      ),
      ...errorResponses({
        ...jsonBodyErrors,
        400: 'Malformed JSON, or not a test card (`details`)',
        ...bearerErrors,
        404: "No such test payment among the caller's orders",
        409: 'The payment is already paid or being paid, or the order is no longer pending payment',
        ...unavailableErrors,
      }),
    },
  });

/** The Idempotency-Key check runs after the token's and the body's size and type checks. */
export const refundOrderRoute = (auth: MiddlewareHandler[], requireKey: MiddlewareHandler) =>
  createRoute({
    method: 'post',
    path: '/orders/{id}/refunds',
    operationId: 'refundOrder',
    summary:
      'Refund part or all of a paid order through its provider (admin), once per Idempotency-Key; refunds add up to at most what was paid',
    description:
      'The `Idempotency-Key` header is required (400 without): admins retry clicks, and a retried refund must never pay the customer twice. ' +
      "Keys are per caller and kept 24 h, shared with checkout's: the same key with the same order and amount answers the same response and refunds nothing more; " +
      'with another order or amount it is a 422; two requests at once with one key make one refund. ' +
      "The provider is asked with the refund's own id as its idempotency key. If it cannot be reached (503) the refund stays pending, its amount held: " +
      'retrying with the same key (or the service itself, shortly) asks again, and the provider never makes it twice. ' +
      'If the provider refuses (402) nothing was refunded, the amount is free again and so is the key.',
    security: bearerSecurity,
    middleware: [...auth, limitBody(JSON_BODY_LIMIT), requireJson(), requireKey],
    request: {
      params: z.object({ id: OrderUuid }),
      headers: z.object({
        [IDEMPOTENCY_KEY_HEADER.toLowerCase()]: IdempotencyKey.meta({
          description: 'A client-chosen key (a UUID) naming this refund; required. Send the same one when retrying',
        }),
      }),
      ...jsonRequest(RefundRequest),
    },
    responses: {
      201: jsonResponse(
        RefundView,
        'Refunded (or, for a key used before with the same request, what it answered then)',
      ),
      ...errorResponses({
        ...jsonBodyErrors,
        400: 'No Idempotency-Key, malformed JSON, or fields that break the schema (`details`)',
        ...bearerErrors,
        ...roleErrors('admin'),
        402: 'The provider refused the refund for good (PAYMENT_PROVIDER_REFUSED; the message names the provider and its reason): nothing was refunded, the amount and the key are free again',
        404: 'No such order',
        409: 'More than is left to refund (`details`), or the order is not paid',
        422: 'The Idempotency-Key was used before with a different request',
        503: 'A dependency is down (database, or the payment provider, named: the refund is pending; retry with the same key)',
      }),
    },
  });
