import {
  acquireLease,
  countOutboxAttempt,
  type Db,
  markOutboxSent,
  type OutboxRow,
  parkOutboxRow,
  pendingOutboxRows,
  recordOutboxError,
  releaseLease,
  renewLease,
  type Trx,
} from '@greencommerce/db';

export interface Publisher {
  /**
   * Resolves once every row is durably accepted; rejects otherwise (the rows stay pending).
   * `signal` aborts when the relay stops waiting: the publish must end then, not linger.
   */
  publish(rows: OutboxRow[], signal: AbortSignal): Promise<void>;
  /** True when the broker refused something in the batch itself (too large, unknown topic), not an outage. */
  isRejection?(err: unknown): boolean;
}

export type RelayOptions = {
  db: Db;
  publisher: Publisher;
  /** Identifies this instance for the lease that keeps one relay publishing at a time. */
  holder?: string;
  batchSize?: number;
  pollMs?: number;
  maxBackoffMs?: number;
  /** Failed publishes after which a row the broker refuses is parked (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** How long the relay waits for one publish before aborting it (6 s by default). */
  publishTimeoutMs?: number;
  /** The lease's length (twice publishTimeoutMs by default): it cannot run out while a publish is in flight. */
  leaseTtlMs?: number;
  onError?: (err: unknown, attempt: number) => void;
  onPark?: (row: OutboxRow, err: unknown) => void;
};

/** This relay's lease ran out or was taken: it must neither publish nor mark anything more. */
export class LeaseLost extends Error {
  constructor() {
    super('outbox relay lease lost');
  }
}

const LEASE = 'outbox-relay';
const MIN_IDLE_MS = 10;

/**
 * Publishes pending outbox rows in write order. A row is marked sent only after the broker
 * acknowledged it, so a crash or an outage can repeat an event but never lose one.
 */
export class OutboxRelay {
  private readonly holder: string;
  private readonly ttl: number;
  private readonly publishTimeout: number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Until when (this process's monotonic clock) the lease is known to hold: idle polls skip the database. */
  private leaseUntil = 0;

  constructor(private readonly opts: RelayOptions) {
    this.holder = opts.holder ?? `relay-${crypto.randomUUID()}`;
    this.publishTimeout = opts.publishTimeoutMs ?? 6000;
    // The margin past the publish timeout outlasts a request the producer still has in flight when
    // the relay gives up (kafkaPublisher's requests time out after 5 s), so it ends inside the lease.
    this.ttl = opts.leaseTtlMs ?? this.publishTimeout * 2;
    if (this.ttl <= this.publishTimeout) throw new Error('leaseTtlMs must exceed publishTimeoutMs');
  }

  /** Publishes one batch if this instance holds the lease. Returns how many rows were sent. */
  async drainOnce(): Promise<number> {
    const { db, publisher, batchSize = 200 } = this.opts;
    if (performance.now() > this.leaseUntil - this.ttl / 2 && !(await this.holdLease())) return 0;
    const rows = await pendingOutboxRows(db, batchSize);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      await this.publish(rows);
    } catch (err) {
      if (err instanceof LeaseLost) throw err;
      // An outage: every row waits and none is to blame, so none is counted (the count decides
      // parking). A refusal: find the row, count against it alone, and in time park it.
      if (!publisher.isRejection?.(err)) {
        await recordOutboxError(db, ids, err).catch(() => {});
        throw err;
      }
      return this.isolate(rows);
    }
    await this.underLease((trx) => markOutboxSent(trx, ids, new Date()));
    return rows.length;
  }

  /**
   * Sends a refused batch one row at a time, in order. Rows before the culprit go; the culprit
   * is parked once it has used its attempts (until then everything behind it waits, as order
   * requires), and then only the later rows of its own topic and key stay behind it.
   */
  private async isolate(rows: OutboxRow[]): Promise<number> {
    const { publisher, maxAttempts = 10, onPark } = this.opts;
    const parkedKeys = new Set<string>();
    let sent = 0;
    for (const row of rows) {
      const key = `${row.topic}\n${row.event_key}`;
      if (parkedKeys.has(key)) continue;
      try {
        await this.publish([row]);
      } catch (err) {
        // attempts was read before this round's failure was counted.
        if (err instanceof LeaseLost || !publisher.isRejection?.(err)) throw err;
        // attempts was read before this refusal, which is counted now, against this row alone.
        await countOutboxAttempt(this.opts.db, [row.id], err).catch(() => {});
        if (row.attempts + 1 < maxAttempts) throw err;
        await this.underLease((trx) => parkOutboxRow(trx, row.id, err, new Date()));
        parkedKeys.add(key);
        onPark?.(row, err);
        continue;
      }
      await this.underLease((trx) => markOutboxSent(trx, [row.id], new Date()));
      sent++;
    }
    return sent;
  }

  /**
   * Renews the lease right before sending and gives up on the send before the lease could run out,
   * so no other relay can take over while this one's publish is in flight.
   */
  private async publish(rows: OutboxRow[]): Promise<void> {
    if (!(await this.holdLease())) throw new LeaseLost();
    // The lease was just renewed, so this is publishTimeout less the renewal's own time.
    const budget = Math.max(0, Math.round(this.leaseUntil - (this.ttl - this.publishTimeout) - performance.now()));
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`publish timed out after ${budget} ms`)), budget);
    const aborted = new Promise<never>((_, reject) =>
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }),
    );
    try {
      await Promise.race([this.opts.publisher.publish(rows, abort.signal), aborted]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes the outcome of a publish only if the lease still holds by the database's clock: a relay
   * that stalled past its lease may have been replaced, and must not act on what it did before.
   */
  private async underLease(write: (trx: Trx) => Promise<void>): Promise<void> {
    await this.opts.db.transaction().execute(async (trx) => {
      if (!(await renewLease(trx, LEASE, this.holder, this.ttl))) {
        this.leaseUntil = 0;
        throw new LeaseLost();
      }
      await write(trx);
    });
  }

  private async holdLease(): Promise<boolean> {
    const started = performance.now();
    const held = await acquireLease(this.opts.db, LEASE, this.holder, this.ttl);
    this.leaseUntil = held ? started + this.ttl : 0;
    return held;
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
