import { DependencyUnavailableError } from '@greencommerce/contracts';
import {
  acquireLease,
  type Db,
  findExpiredOrderIds,
  findOrder,
  findPendingRefundIds,
  purgeIdempotencyKeys,
  releaseLease,
  renewLease,
} from '@greencommerce/db';
import { startPeriodic } from '@greencommerce/events';
import { AppError, type Logger } from '@greencommerce/http';
import type { PaymentProviders } from './payments/provider';
import { settlePendingRefund } from './payments/refund-order';
import { cancelOrderPayment } from './services/cancel-payment';
import { IDEMPOTENCY_TTL_MS, StartOver } from './services/idempotency';
import { cancelOwedPayments } from './services/owed-cancels';
import { expireOrder } from './services/transitions';

const LEASE = 'orders-sweeper';
const LEASE_TTL_MS = 60_000;
/** A refund still pending after this long is asked for again, at most this many per run. */
const PENDING_REFUND_AGE_MS = 60_000;
const PENDING_REFUNDS_PER_RUN = 20;
/**
 * ...but not once it is this old: providers forget an idempotency key after a day (Stripe: 24 h),
 * and asking then could make again a refund they made before. Those wait for a person.
 */
const PENDING_REFUND_GIVE_UP_MS = 23 * 3_600_000;
/** Payments whose cancel at the provider an account's deletion left owed, asked for per run. */
const OWED_CANCELS_PER_RUN = 20;

export type OrderSweeperOptions = {
  db: Db;
  /**
   * When given, an expired order's payment is cancelled with its provider (best effort), pending
   * refunds settled, and the cancels an account's deletion left owed made.
   */
  payments?: { providers: PaymentProviders; logger: Logger };
  holder?: string;
  batchSize?: number;
  /** Batches per run, so one run stays short; a backlog shrinks over several runs. */
  maxBatches?: number;
  intervalMs?: number;
  /** The wait before the first sweep; none by default. */
  firstRunAfterMs?: number;
  onError?: (err: unknown) => void;
};

/**
 * Expires pending orders past their payment deadline (their stock goes back), settles refunds the
 * provider never answered, cancels at their provider the payments of orders an account's deletion
 * cancelled, and deletes idempotency keys older than 24 h, under a lease so one
 * instance sweeps at a time. The lease only saves work: each expiry is its own conditional update,
 * so even two sweepers at once release an order's stock once, and a refund is settled once however
 * many ask. An order or refund that fails for another reason than an outage is reported through
 * onError and stepped over. Returns what it did.
 */
export async function sweepOrdersOnce(opts: OrderSweeperOptions & { holder: string }, now = new Date()) {
  const { db, holder, batchSize = 200, maxBatches = 20 } = opts;
  const done = { expired: 0, refunds: 0, cancels: 0, keys: 0 };
  if (!(await acquireLease(db, LEASE, holder, LEASE_TTL_MS))) return done;
  // Orders whose expiry failed this run: reported and stepped over, so that one bad row (data written
  // by hand, a bug) holds up neither the orders behind it nor every later run, which would find it first.
  const failed = new Set<string>();
  for (let batch = 0; batch < maxBatches; batch++) {
    if (batch > 0 && !(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return done;
    const limit = batchSize + failed.size;
    const ids = await findExpiredOrderIds(db, now, limit);
    for (const id of ids) {
      if (failed.has(id)) continue;
      try {
        if (!(await expireOrder(db, id, now))) continue;
      } catch (err) {
        if (err instanceof DependencyUnavailableError) throw err; // every other order would fail too
        failed.add(id);
        opts.onError?.(new Error(`expiring order ${id} failed; the sweep went on without it`, { cause: err }));
        continue;
      }
      done.expired++;
      const order = await findOrder(db, id);
      if (order && opts.payments) {
        await cancelOrderPayment({ db, payments: opts.payments.providers, logger: opts.payments.logger }, order);
      }
    }
    if (ids.length < limit) break;
  }
  if (opts.payments) {
    const deps = { db, payments: opts.payments.providers, logger: opts.payments.logger };
    if (!(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return done;
    // Refunds the provider never answered (it was down, or the instance stopped): asked again with
    // their own idempotency key, so one it did make is not made twice. Old enough that no request
    // is still waiting for that answer (one still would only settle it first: harmless).
    const window = {
      from: new Date(now.getTime() - PENDING_REFUND_GIVE_UP_MS),
      before: new Date(now.getTime() - PENDING_REFUND_AGE_MS),
    };
    for (const id of await findPendingRefundIds(db, window, Math.min(batchSize, PENDING_REFUNDS_PER_RUN))) {
      try {
        await settlePendingRefund(deps, id);
        done.refunds++;
      } catch (err) {
        if (err instanceof StartOver) continue; // refused and given back meanwhile
        if (err instanceof DependencyUnavailableError) throw err;
        if (!(err instanceof AppError)) {
          // Like an expiry that failed: reported, and the rest of the run goes on.
          opts.onError?.(new Error(`settling refund ${id} failed; the sweep went on without it`, { cause: err }));
          continue;
        }
        opts.payments.logger.warn({ refundId: id, reason: err.message }, 'pending refund not settled');
        // Still down: each further call would wait out its timeouts too. The next run asks again.
        if (err.status === 503) break;
      }
    }
    if (!(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return done;
    done.cancels = await cancelOwedPayments(deps, now, Math.min(batchSize, OWED_CANCELS_PER_RUN));
  }
  for (let batch = 0; batch < maxBatches; batch++) {
    if (!(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return done;
    const n = await purgeIdempotencyKeys(db, {
      before: new Date(now.getTime() - IDEMPOTENCY_TTL_MS),
      limit: batchSize,
    });
    done.keys += n;
    if (n < batchSize) break;
  }
  return done;
}

/** Sweeps (after firstRunAfterMs) and then every intervalMs until stopped; stopping gives the lease up. */
export function startOrderSweeper(opts: OrderSweeperOptions): { stop(): Promise<void> } {
  const holder = opts.holder ?? `orders-sweeper-${crypto.randomUUID()}`;
  const loop = startPeriodic({
    intervalMs: opts.intervalMs ?? 30_000,
    firstRunAfterMs: opts.firstRunAfterMs,
    run: () => sweepOrdersOnce({ ...opts, holder }),
    onError: opts.onError,
  });
  return {
    async stop() {
      await loop.stop();
      await releaseLease(opts.db, LEASE, holder).catch(() => {});
    },
  };
}
