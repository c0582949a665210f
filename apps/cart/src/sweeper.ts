import {
  acquireLease,
  type Db,
  purgeEmptyCarts,
  purgeIdleGuestCarts,
  releaseLease,
  renewLease,
} from '@greencommerce/db';
import { startPeriodic } from '@greencommerce/events';

const LEASE = 'cart-sweeper';
const LEASE_TTL_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type SweeperOptions = {
  db: Db;
  holder?: string;
  /** GUEST_CART_TTL_DAYS: guest carts (open or merged) untouched this long go. */
  guestCartTtlDays: number;
  /** EMPTY_CART_TTL_HOURS: open carts with no lines untouched this long go. */
  emptyCartTtlHours: number;
  batchSize?: number;
  /** Batches per kind and run, so one run stays short; a backlog shrinks over several runs. */
  maxBatches?: number;
  intervalMs?: number;
  /** The wait before the first sweep; none by default. */
  firstRunAfterMs?: number;
  onError?: (err: unknown) => void;
};

/**
 * Deletes idle guest carts and emptied carts in small batches, under a lease: one instance of the
 * cart service sweeps at a time, and stops between batches if it lost the lease (a stall). Returns
 * the carts deleted; nothing is deleted under a lease another instance holds.
 */
export async function sweepCartsOnce(opts: SweeperOptions & { holder: string }, now = Date.now()) {
  const { db, holder, batchSize = 200, maxBatches = 20 } = opts;
  const deleted = { guest: 0, empty: 0 };
  if (!(await acquireLease(db, LEASE, holder, LEASE_TTL_MS))) return deleted;
  const jobs = {
    guest: () => purgeIdleGuestCarts(db, { before: new Date(now - opts.guestCartTtlDays * DAY_MS), limit: batchSize }),
    empty: () => purgeEmptyCarts(db, { before: new Date(now - opts.emptyCartTtlHours * HOUR_MS), limit: batchSize }),
  };
  for (const [kind, purge] of Object.entries(jobs) as [keyof typeof deleted, () => Promise<number>][]) {
    for (let batch = 0; batch < maxBatches; batch++) {
      if (batch > 0 && !(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return deleted;
      const n = await purge();
      deleted[kind] += n;
      if (n < batchSize) break;
    }
  }
  return deleted;
}

/** Sweeps (after firstRunAfterMs) and then every intervalMs until stopped; stopping gives the lease up. */
export function startCartSweeper(opts: SweeperOptions): { stop(): Promise<void> } {
  const holder = opts.holder ?? `cart-sweeper-${crypto.randomUUID()}`;
  const loop = startPeriodic({
    intervalMs: opts.intervalMs ?? 600_000,
    firstRunAfterMs: opts.firstRunAfterMs,
    run: () => sweepCartsOnce({ ...opts, holder }),
    onError: opts.onError,
  });
  return {
    async stop() {
      await loop.stop();
      await releaseLease(opts.db, LEASE, holder).catch(() => {});
    },
  };
}
