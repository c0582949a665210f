import {
  acquireLease,
  type Db,
  pruneAccountTokens,
  pruneOutbox,
  pruneProcessedEvents,
  pruneRateLimits,
  releaseLease,
  renewLease,
} from '@greencommerce/db';
import { startPeriodic } from './periodic';

export type HousekeepingOptions = {
  db: Db;
  holder?: string;
  /** Sent outbox rows older than this go (OUTBOX_RETENTION_HOURS). */
  outboxRetentionMs: number;
  /** Processed-event ids older than this go (PROCESSED_EVENTS_RETENTION_DAYS). */
  processedEventsRetentionMs: number;
  /**
   * Rate-limit buckets whose window started longer ago than this go. Only an app that knows its
   * windows passes it (at least the longest one): a shorter retention would reset a live window.
   */
  rateLimitRetentionMs?: number;
  /** Embedded mode: nothing is relayed, so the outbox is pruned by age whether sent or not. */
  embedded?: boolean;
  batchSize?: number;
  /** Batches per table and run, so one run stays short; a backlog shrinks over several runs. */
  maxBatches?: number;
  intervalMs?: number;
  /** The wait before the first run; none by default. */
  firstRunAfterMs?: number;
  onError?: (err: unknown) => void;
};

/** The outbox and processed events are every app's; rate-limit buckets only their owner's. */
const LEASES = { shared: 'housekeeping', rateLimits: 'housekeeping-rate-limits' };
const LEASE_TTL_MS = 60_000;

type Deleted = { outbox: number; processedEvents: number; accountTokens: number; rateLimits: number };

/** Expired link tokens stay this long, so a late click is still told the link expired, then go. */
const ACCOUNT_TOKEN_GRACE_MS = 7 * 86_400_000;

/**
 * Deletes what is no longer needed, in small batches, under housekeeping leases (one instance at a
 * time; the relay's lease is another). Returns the rows deleted per table; nothing is deleted under
 * a lease another instance holds.
 */
export async function housekeepOnce(opts: HousekeepingOptions & { holder: string }, now = Date.now()) {
  const { db, batchSize = 500, rateLimitRetentionMs } = opts;
  const until = (ms: number) => new Date(now - ms);
  const deleted: Deleted = { outbox: 0, processedEvents: 0, accountTokens: 0, rateLimits: 0 };
  await underLease(opts, LEASES.shared, deleted, {
    outbox: () => pruneOutbox(db, { before: until(opts.outboxRetentionMs), unsent: opts.embedded, limit: batchSize }),
    processedEvents: () =>
      pruneProcessedEvents(db, { before: until(opts.processedEventsRetentionMs), limit: batchSize }),
    accountTokens: () => pruneAccountTokens(db, { before: until(ACCOUNT_TOKEN_GRACE_MS), limit: batchSize }),
  });
  if (rateLimitRetentionMs !== undefined) {
    await underLease(opts, LEASES.rateLimits, deleted, {
      rateLimits: () => pruneRateLimits(db, { beforeMs: now - rateLimitRetentionMs, limit: batchSize }),
    });
  }
  return deleted;
}

async function underLease(
  opts: HousekeepingOptions & { holder: string },
  lease: string,
  deleted: Deleted,
  jobs: Partial<Record<keyof Deleted, () => Promise<number>>>,
): Promise<void> {
  const { db, holder, batchSize = 500, maxBatches = 20 } = opts;
  if (!(await acquireLease(db, lease, holder, LEASE_TTL_MS))) return;
  for (const [name, prune] of Object.entries(jobs) as [keyof Deleted, () => Promise<number>][]) {
    for (let batch = 0; batch < maxBatches; batch++) {
      // Between batches: stop if the lease was lost, e.g. after this process stalled.
      if (batch > 0 && !(await renewLease(db, lease, holder, LEASE_TTL_MS))) return;
      const n = await prune();
      deleted[name] += n;
      if (n < batchSize) break;
    }
  }
}

/** Runs housekeeping (after firstRunAfterMs) and then every intervalMs until stopped; stopping gives the leases up. */
export function startHousekeeping(opts: HousekeepingOptions): { stop(): Promise<void> } {
  const holder = opts.holder ?? `housekeeping-${crypto.randomUUID()}`;
  const loop = startPeriodic({
    intervalMs: opts.intervalMs ?? 300_000,
    firstRunAfterMs: opts.firstRunAfterMs,
    run: () => housekeepOnce({ ...opts, holder }),
    onError: opts.onError,
  });
  return {
    async stop() {
      await loop.stop();
      for (const lease of Object.values(LEASES)) await releaseLease(opts.db, lease, holder).catch(() => {});
    },
  };
}
