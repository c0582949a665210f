import type { Db, Trx } from '@greencommerce/db';
import { consumeFromDatabase, consumeFromKafka, type Subscription } from './consumer';
import type { DeadLetter, RetryPolicy } from './dead-letter';
import type { EventHandler } from './handle-once';
import { createKafka } from './kafka';
import { type DomainEvent, type EventData, type EventName, topics } from './schemas';
import type { TopicConfig } from './topics';

/** One consumer group: the topics it reads and what it does with each event (once per event id). */
export type ConsumerSpec = { group: string; topics: string[]; handler: EventHandler; retry?: RetryPolicy };

type Handlers = {
  [E in EventName]?: (trx: Trx, data: EventData<E>, event: Extract<DomainEvent, { event: E }>) => Promise<void>;
};

/**
 * A consumer group from handlers by event name: it subscribes to those events' topics, and any other
 * event that shows up on them is passed over (still recorded as processed).
 * `eventConsumer('cart', { UserDeleted: (trx, { userId }) => deleteCartsOfUser(trx, userId) })`
 */
export function eventConsumer(group: string, handlers: Handlers, retry?: RetryPolicy): ConsumerSpec {
  const names = Object.keys(handlers) as EventName[];
  return {
    group,
    topics: [...new Set(names.map((n) => topics[n]))],
    retry,
    handler: async (trx, event) => {
      const handle = handlers[event.event] as
        | ((trx: Trx, data: unknown, event: DomainEvent) => Promise<void>)
        | undefined;
      if (handle) await handle(trx, event.data, event);
    },
  };
}

type Logger = { error(fields: Record<string, unknown>, msg: string): void };

export type StartConsumersOptions = {
  db: Db;
  /** KAFKA_BROKERS: set, consumers read Kafka; empty (embedded mode), they read the outbox table. */
  brokers: string[];
  clientId: string;
  consumers: ConsumerSpec[];
  logger: Logger;
  topicConfig?: TopicConfig;
  /** False in all but one of a service's worker processes: those start nothing. */
  primary?: boolean;
  /** Embedded mode's poll interval. */
  pollMs?: number;
  /** The first wait before reconnecting to Kafka after a failed start; it doubles up to 30 s. */
  reconnectMs?: number;
};

/**
 * The production consumer loop of a service: each consumer group reads its topics from Kafka on the
 * real stack, or from the outbox in embedded mode, and runs its handler through handleOnce (at most
 * once per event id, its writes committed with the record of it). A message that is not one of our
 * events, or whose handler keeps failing, is dead-lettered and logged. Kafka being down at start is
 * retried with backoff; nothing here stops the app serving.
 */
export function startConsumers(opts: StartConsumersOptions): { stop(): Promise<void> } {
  if (opts.primary === false || opts.consumers.length === 0) return { stop: async () => {} };
  const onDeadLetter = (d: DeadLetter) => opts.logger.error({ ...d }, 'consumer: event set aside (dead letter)');
  if (opts.brokers.length === 0) {
    const subs = opts.consumers.map((c) =>
      consumeFromDatabase({ db: opts.db, ...c, onDeadLetter, pollMs: opts.pollMs }),
    );
    return { stop: async () => void (await Promise.all(subs.map((s) => s.stop()))) };
  }
  const kafka = createKafka(opts.brokers, opts.clientId);
  let running = true;
  const wakers = new Set<() => void>();
  const subs: Subscription[] = [];
  const startOne = async (c: ConsumerSpec) => {
    for (let attempt = 0; running; attempt++) {
      try {
        const sub = await consumeFromKafka({ db: opts.db, kafka, ...c, onDeadLetter, topicConfig: opts.topicConfig });
        if (!running) return void (await sub.stop());
        subs.push(sub);
        return;
      } catch (err) {
        opts.logger.error({ err, group: c.group, attempt }, 'consumer: could not start, will retry');
        const ms = Math.min((opts.reconnectMs ?? 1000) * 2 ** attempt, 30_000);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(t);
            wakers.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, ms);
          wakers.add(wake);
        });
      }
    }
  };
  const started = Promise.all(opts.consumers.map(startOne));
  return {
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await started;
      await Promise.all(subs.map((s) => s.stop()));
    },
  };
}
