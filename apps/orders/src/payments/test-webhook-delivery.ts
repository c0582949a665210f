import {
  claimDueTestWebhooks,
  type Db,
  markTestWebhookDelivered,
  moveTestIntent,
  retryTestWebhook,
} from '@greencommerce/db';
import type { Logger } from '@greencommerce/http';
import { signTestWebhook, TEST_SIGNATURE_HEADER } from './test-signature';

export const TEST_WEBHOOK_PATH = '/payments/webhooks/test';

export type TestWebhookDeliveryOptions = {
  db: Db;
  secret: string;
  /**
   * Sends one signed webhook and answers the shop's response. The service passes its own app's
   * fetch: the request goes through the whole HTTP stack (body limit, signature check, dedup),
   * just without a socket.
   */
  send: (request: Request) => Promise<Response>;
  logger: Logger;
  /** How often the loop looks for due webhooks (retries and the delayed card). */
  intervalMs: number;
  /** A claimed webhook is not sent again by another instance for this long. */
  leaseMs?: number;
};

const MAX_RETRY_MS = 60 * 60 * 1000;

/**
 * The `test` provider's webhook sender, as a real provider runs one: every event it records is
 * sent, signed with the current time, until the shop answers 2xx; a failed attempt is retried with
 * backoff (1 s, 2 s, 4 s … at most an hour). Rows are claimed by a conditional update, so several
 * instances never send one event at once (and a duplicate would be deduplicated anyway).
 */
export function testWebhookDelivery(o: TestWebhookDeliveryOptions) {
  const leaseMs = o.leaseMs ?? 30_000;

  async function deliverOne(row: { event_id: string; intent_ref: string; payload: string; attempts: number }) {
    try {
      // The delayed card is charged when its success is announced, as a gateway settles then notifies.
      if (row.payload.includes('"payment.succeeded"')) {
        await moveTestIntent(o.db, row.intent_ref, ['processing'], 'succeeded', true);
      }
      const res = await o.send(
        new Request(`http://orders.internal${TEST_WEBHOOK_PATH}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TEST_SIGNATURE_HEADER]: signTestWebhook(o.secret, row.payload),
          },
          body: row.payload,
        }),
      );
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await markTestWebhookDelivered(o.db, row.event_id);
        return true;
      }
      throw new Error(`answered ${res.status}`);
    } catch (err) {
      const retryMs = Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.min(row.attempts, 22));
      o.logger.warn({ err, eventId: row.event_id, attempts: row.attempts, retryMs }, 'test webhook not delivered');
      await retryTestWebhook(o.db, row.event_id, String((err as Error).message ?? err), retryMs).catch(() => {});
      return false;
    }
  }

  /** Sends every due webhook once; returns how many the shop acknowledged. */
  async function deliverDue(limit = 50): Promise<number> {
    let delivered = 0;
    for (const row of await claimDueTestWebhooks(o.db, limit, leaseMs)) {
      if (await deliverOne(row)) delivered++;
    }
    return delivered;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = deliverDue()
      .catch((err) => o.logger.error({ err }, 'test webhook delivery failed, will run again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.intervalMs);
      });
  };

  return {
    deliverDue,
    /** Runs the loop until stop(). */
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
      return this;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type TestWebhookDelivery = ReturnType<typeof testWebhookDelivery>;
