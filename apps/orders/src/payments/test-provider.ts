import {
  type Db,
  findTestIntent,
  insertNewTestIntent,
  insertTestIntent,
  insertTestWebhook,
  isUniqueViolation,
  moveTestIntent,
  type PaymentStart,
  type Runner,
  refundTestIntent,
  type TestIntentStatus,
} from '@greencommerce/db';
import { z } from 'zod';
import {
  type PayableOrder,
  type PaymentProvider,
  type PaymentWebhookEvent,
  ProviderError,
  type StartedPayment,
  WebhookSignatureError,
} from './provider';
import { startRecordedPayment } from './start-recorded-payment';
import { TEST_SIGNATURE_HEADER, verifyTestSignature } from './test-signature';

export const TEST_PROVIDER = 'test';

/** The test cards (digits only) and what each does, like the dummy gateways of other shops. */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  succeedsAfterDelay: '4000000000009995',
} as const;

export type TestProviderConfig = {
  db: Db;
  /** TEST_PAYMENTS_WEBHOOK_SECRET: signs the webhooks this provider sends and verifies those it receives. */
  webhookSecret: string;
  /** How long the 4000 0000 0000 9995 card takes to succeed. */
  delayMs: number;
  /** Signatures older (or newer) than this are refused. */
  toleranceSeconds: number;
};

/** The webhook body the test provider signs and sends. */
const TestWebhook = z.object({
  id: z.string().min(1).max(255),
  type: z.enum(['payment.succeeded', 'payment.failed', 'payment.refunded']),
  data: z.object({
    ref: z.string().min(1).max(255),
    orderId: z.string().max(36),
    amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/),
    reason: z.string().max(500).optional(),
  }),
});
export type TestWebhook = z.infer<typeof TestWebhook>;

const kind = { 'payment.succeeded': 'succeeded', 'payment.failed': 'failed', 'payment.refunded': 'refunded' } as const;

export type ConfirmOutcome = { status: 'succeeded' | 'failed' | 'processing'; reason?: string };

/** What each test card does to a requires_payment_method intent, and the webhook it causes. */
const CARD_PLANS: Record<
  string,
  {
    to: TestIntentStatus;
    capture: boolean;
    event: TestWebhook['type'];
    status: ConfirmOutcome['status'];
    delayed?: boolean;
    reason?: string;
  }
> = {
  [TEST_CARDS.succeeds]: { to: 'succeeded', capture: true, event: 'payment.succeeded', status: 'succeeded' },
  [TEST_CARDS.succeedsAfterDelay]: {
    to: 'processing',
    capture: false,
    event: 'payment.succeeded',
    status: 'processing',
    delayed: true,
  },
  // Declined: it stays requires_payment_method (the update only proves it still is), ready for another card.
  [TEST_CARDS.declined]: {
    to: 'requires_payment_method',
    capture: false,
    event: 'payment.failed',
    status: 'failed',
    reason: 'card_declined',
  },
};

/** An order's intent, ready for a card; the order id is its idempotency key. */
const newIntent = (order: PayableOrder) => ({
  ref: `tpi_${crypto.randomUUID().replaceAll('-', '')}`,
  idempotencyKey: order.id,
  orderId: order.id,
  amountMinor: order.totalMinor,
  currency: order.currency,
});

/** Where the order's owner confirms it with a test card. */
const confirmationUrl = (paymentId: string) => `/payments/${paymentId}/confirm`;

/** A confirm on an intent that is already charged, being charged or cancelled. */
export class IntentNotConfirmable extends Error {}
/** A card number that is none of the test cards. */
export class UnknownTestCard extends Error {}

/**
 * The embedded default provider: a simulated gateway whose own state lives in test_payment_intents,
 * and whose results reach the order only as signed webhooks (test_payment_webhooks, sent by the
 * delivery loop to POST /payments/webhooks/test), the path a real provider's events take.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = TEST_PROVIDER;
  constructor(private readonly config: TestProviderConfig) {}

  startPayment(order: PayableOrder): Promise<StartedPayment> {
    return startRecordedPayment(this.config.db, this.name, order, async (paymentId) => ({
      providerRef: await insertTestIntent(this.config.db, newIntent(order)),
      confirmationUrl: confirmationUrl(paymentId),
    }));
  }

  /** Its intent written in the checkout's transaction, with the order (see PaymentProvider). */
  async startInCheckout(writes: Runner, order: PayableOrder): Promise<PaymentStart> {
    const intent = newIntent(order);
    await insertNewTestIntent(writes, intent);
    return {
      providerRef: intent.ref,
      clientSecret: null,
      confirmationUrl: confirmationUrl(order.paymentId),
    };
  }

  /**
   * Charges the intent with a test card. The intent leaves requires_payment_method by one
   * conditional update, with its webhook in the same transaction: two confirms at once charge once,
   * and a charge always has its webhook. A declined card leaves it ready for another card.
   */
  async confirm(ref: string, cardNumber: string): Promise<ConfirmOutcome> {
    const card = cardNumber.replace(/[\s-]/g, '');
    const plan = CARD_PLANS[card];
    if (!plan) throw new UnknownTestCard('Not a test card');
    const { db, delayMs } = this.config;
    return db.transaction().execute(async (trx) => {
      // The conditional update first: on SQLite a transaction that read first could not take the
      // write lock after another process wrote (SQLITE_BUSY_SNAPSHOT); here it waits its turn.
      const moved = await moveTestIntent(trx, ref, ['requires_payment_method'], plan.to, plan.capture);
      const intent = await findTestIntent(trx, ref);
      if (!intent) throw new IntentNotConfirmable('No such payment');
      if (!moved) throw new IntentNotConfirmable(`The payment is ${intent.status}`);
      const eventId = `tevt_${crypto.randomUUID().replaceAll('-', '')}`;
      await insertTestWebhook(trx, {
        eventId,
        intentRef: ref,
        // The delayed card is charged when the delivery loop sends this, delayMs from now.
        delayMs: plan.delayed ? delayMs : 0,
        payload: JSON.stringify({
          id: eventId,
          type: plan.event,
          data: {
            ref,
            orderId: intent.order_id,
            amountMinor: Number(intent.amount_minor),
            currency: intent.currency,
            ...(plan.reason && { reason: plan.reason }),
          },
        } satisfies TestWebhook),
      });
      return { status: plan.status, ...(plan.reason && { reason: plan.reason }) };
    });
  }

  async capture(): Promise<void> {
    // Captured when confirmed.
  }

  async cancel(providerRef: string): Promise<void> {
    await moveTestIntent(this.config.db, providerRef, ['requires_payment_method'], 'cancelled');
  }

  /** Refunds once per idempotency key (its webhook's id is made from the key), within what was charged. */
  async refund(r: { providerRef: string; amountMinor: number; idempotencyKey: string }) {
    const refundRef = `tre_${r.idempotencyKey.replaceAll('-', '')}`;
    try {
      await this.config.db.transaction().execute(async (trx) => {
        // The webhook first (a write, see confirm): its primary key makes a retried refund a no-op.
        await insertTestWebhook(trx, {
          eventId: `tevt_${refundRef}`,
          intentRef: r.providerRef,
          delayMs: 0,
          payload: '',
        });
        const total = await refundTestIntent(trx, r.providerRef, r.amountMinor);
        const intent = await findTestIntent(trx, r.providerRef);
        if (!intent) throw new ProviderError('No such payment', { refused: true, reason: 'no_such_payment' });
        if (total === null) {
          throw new ProviderError('Refund exceeds what is left of the captured amount', {
            refused: true,
            reason: 'amount_too_large',
          });
        }
        await trx
          .updateTable('test_payment_webhooks')
          .set({
            payload: JSON.stringify({
              id: `tevt_${refundRef}`,
              type: 'payment.refunded',
              data: { ref: r.providerRef, orderId: intent.order_id, amountMinor: total, currency: intent.currency },
            } satisfies TestWebhook),
          })
          .where('event_id', '=', `tevt_${refundRef}`)
          .execute();
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    return { refundRef };
  }

  async verifyWebhook(rawBody: Uint8Array, headers: Headers): Promise<PaymentWebhookEvent | null> {
    const { webhookSecret, toleranceSeconds } = this.config;
    verifyTestSignature(webhookSecret, rawBody, headers.get(TEST_SIGNATURE_HEADER), toleranceSeconds);
    let parsed: TestWebhook;
    try {
      parsed = TestWebhook.parse(JSON.parse(new TextDecoder().decode(rawBody)));
    } catch {
      // Signed by us yet unreadable: a bug on the sending side, refused like a bad signature.
      throw new WebhookSignatureError('Signed body is not a test webhook');
    }
    return {
      providerEventId: parsed.id,
      type: kind[parsed.type],
      providerType: parsed.type,
      providerRef: parsed.data.ref,
      amountMinor: parsed.data.amountMinor,
      currency: parsed.data.currency,
      orderId: parsed.data.orderId,
      ...(parsed.data.reason && { reason: parsed.data.reason }),
    };
  }
}
