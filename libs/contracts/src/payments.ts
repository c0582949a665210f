import { z } from 'zod';
import { MAX_PRICE_MINOR, toMinorUnits } from './money';

/** A payment id (UUID). */
export const PaymentId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a payment id');

export const ConfirmPaymentRequest = z
  .object({
    cardNumber: z
      .string()
      .regex(/^[0-9][0-9 -]{11,22}[0-9]$/, 'must be a card number (digits, spaces or dashes)')
      .meta({
        description: 'A test card: 4242 4242 4242 4242, 4000 0000 0000 0002 (declined), 4000 0000 0000 9995 (delayed)',
      }),
  })
  .strict();

export const ConfirmPaymentResult = z
  .object({
    paymentId: z.string(),
    orderId: z.string(),
    status: z.enum(['succeeded', 'failed', 'processing']),
    reason: z.string().optional(),
  })
  .meta({ id: 'PaymentConfirmation' });

export const WebhookReceipt = z
  .object({
    received: z.literal(true),
    outcome: z.enum(['applied', 'ignored', 'duplicate', 'parked']).meta({
      description:
        'parked: a refund event that came while one of our refunds of the order waits for the provider; kept, and applied once that refund settles',
    }),
  })
  .meta({ id: 'WebhookReceipt' });

/** A refund amount: major units, more than 0, at most two decimals. */
export const RefundRequest = z
  .object({
    amount: z.union([z.number(), z.string().max(32)]).transform((v, ctx) => {
      const minor = toMinorUnits(v);
      if (minor === undefined || minor === 0 || minor > MAX_PRICE_MINOR) {
        ctx.addIssue({ code: 'custom', message: 'must be a positive amount with at most two decimals' });
        return z.NEVER;
      }
      return minor;
    }),
  })
  .strict();

export const RefundView = z
  .object({
    id: z.string(),
    orderId: z.string(),
    amount: z.number(),
    currency: z.string(),
    refunded: z.number().meta({ description: 'All refunds of the order so far' }),
    orderStatus: z.string(),
  })
  .meta({ id: 'Refund' });
export type RefundView = z.infer<typeof RefundView>;
