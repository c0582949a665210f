import {
  acquireLease,
  type Db,
  pruneOutbox,
  pruneProcessedEvents,
  pruneRateLimits,
  releaseLease,
  renewLease,
} from '@greencommerce/db';

export type HousekeepingOptions = {
  db: Db;
  holder?: string;
  /** Sent outbox rows older than this go (OUTBOX_RETENTION_HOURS). */
  outboxRetentionMs: number;
  /** Processed-event ids older than this go (PROCESSED_EVENTS_RETENTION_DAYS). */
  processedEventsRetentionMs: number;
  /** Rate-limit buckets whose window started longer ago than this go. */
  rateLimitRetentionMs: number;
  /** Embedded mode: nothing is relayed, so the outbox is pruned by age whether sent or not. */
  embedded?: boolean;
  batchSize?: number;
  /** Batches per table and run, so one run stays short; a backlog shrinks over several runs. */
  maxBatches?: number;
  intervalMs?: number;
  onError?: (err: unknown) => void;
};

const LEASE = 'housekeeping';
const LEASE_TTL_MS = 60_000;

/**
 * Deletes what is no longer needed, in small batches, if this instance holds the housekeeping lease
 * (one instance at a time; the relay's lease is another). Returns the rows deleted per table, or
 * undefined when another instance holds the lease.
 */
export async function housekeepOnce(opts: HousekeepingOptions & { holder: string }, now = Date.now()) {
  const { db, holder, batchSize = 500, maxBatches = 20 } = opts;
  if (!(await acquireLease(db, LEASE, holder, LEASE_TTL_MS))) return undefined;
  const until = (ms: number) => new Date(now - ms);
  const jobs = {
    outbox: () => pruneOutbox(db, { before: until(opts.outboxRetentionMs), unsent: opts.embedded, limit: batchSize }),
    processedEvents: () =>
      pruneProcessedEvents(db, { before: until(opts.processedEventsRetentionMs), limit: batchSize }),
    rateLimits: () => pruneRateLimits(db, { beforeMs: now - opts.rateLimitRetentionMs, limit: batchSize }),
  };
  const deleted = { outbox: 0, processedEvents: 0, rateLimits: 0 };
  for (const [name, prune] of Object.entries(jobs) as [keyof typeof jobs, () => Promise<number>][]) {
    for (let batch = 0; batch < maxBatches; batch++) {
      // Between batches: stop if the lease was lost, e.g. after this process stalled.
      if (batch > 0 && !(await renewLease(db, LEASE, holder, LEASE_TTL_MS))) return deleted;
      const n = await prune();
      deleted[name] += n;
      if (n < batchSize) break;
    }
  }
  return deleted;
}

/** Runs housekeeping now and then every intervalMs until stopped. */
export function startHousekeeping(opts: HousekeepingOptions): { stop(): Promise<void> } {
  const holder = opts.holder ?? `housekeeping-${crypto.randomUUID()}`;
  let running = true;
  let wake = () => {};
  const loop = (async () => {
    while (running) {
      await housekeepOnce({ ...opts, holder }).catch((err) => opts.onError?.(err));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, opts.intervalMs ?? 300_000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      running = false;
      wake();
      await loop;
      await releaseLease(opts.db, LEASE, holder).catch(() => {});
    },
  };
}
