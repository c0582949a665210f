import {
  acquireLease,
  countOutboxAttempt,
  type Db,
  markOutboxSent,
  type OutboxRow,
  pendingOutboxRows,
  releaseLease,
} from '@greencommerce/db';

export interface Publisher {
  /** Resolves once every row is durably accepted; rejects otherwise (the rows stay pending). */
  publish(rows: OutboxRow[]): Promise<void>;
}

export type RelayOptions = {
  db: Db;
  publisher: Publisher;
  /** Identifies this instance for the lease that keeps one relay publishing at a time. */
  holder?: string;
  batchSize?: number;
  pollMs?: number;
  maxBackoffMs?: number;
  onError?: (err: unknown, attempt: number) => void;
};

const LEASE = 'outbox-relay';
const MIN_IDLE_MS = 10;

/**
 * Publishes pending outbox rows in write order. A row is marked sent only after the broker
 * acknowledged it, so a crash or an outage can repeat an event but never lose one.
 */
export class OutboxRelay {
  private readonly holder: string;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Until when this instance's lease is known to hold, so it is renewed now and then, not per poll. */
  private leaseUntil = 0;

  constructor(private readonly opts: RelayOptions) {
    this.holder = opts.holder ?? `relay-${crypto.randomUUID()}`;
  }

  /** Publishes one batch if this instance holds the lease. Returns how many rows were sent. */
  async drainOnce(): Promise<number> {
    const { db, publisher, batchSize = 200, pollMs = 200 } = this.opts;
    const ttl = Math.max(10_000, pollMs * 20);
    if (Date.now() > this.leaseUntil - ttl / 2) {
      const started = Date.now();
      if (!(await acquireLease(db, LEASE, this.holder, ttl))) return 0;
      this.leaseUntil = started + ttl;
    }
    const rows = await pendingOutboxRows(db, batchSize);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      await publisher.publish(rows);
    } catch (err) {
      await countOutboxAttempt(db, ids).catch(() => {});
      throw err;
    }
    await markOutboxSent(db, ids, new Date());
    return rows.length;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the batch in flight finish and gives the lease up. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.leaseUntil = 0;
    await releaseLease(this.opts.db, LEASE, this.holder).catch(() => {});
  }

  private async run(): Promise<void> {
    const { pollMs = 200, maxBackoffMs = 5000, onError } = this.opts;
    let failures = 0;
    // Right after a batch, events tend to keep coming: look again soon, then back off to pollMs.
    let idle = MIN_IDLE_MS;
    while (this.running) {
      let delay: number;
      try {
        const sent = await this.drainOnce();
        failures = 0;
        delay = sent > 0 ? 0 : idle;
        idle = sent > 0 ? MIN_IDLE_MS : Math.min(pollMs, idle * 2);
      } catch (err) {
        failures++;
        this.leaseUntil = 0;
        onError?.(err, failures);
        delay = Math.min(maxBackoffMs, pollMs * 2 ** failures);
      }
      if (delay > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }
}
