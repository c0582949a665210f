import path from 'node:path';
import type { Db } from '@greencommerce/db';
import { consumeFromKafka, topics } from '@greencommerce/events';
import type { Kafka } from 'kafkajs';

/**
 * Consumes ImageUploaded from the real topic through a fresh deduplicating consumer group and
 * returns the object keys it handled, until it has seen every expected key or time runs out.
 * The topic outlives test databases, whose user ids repeat, so events are matched by object key.
 */
export async function consumeUploadedKeys(kafka: Kafka, db: Db, expected: Set<string>, timeoutMs = 60_000) {
  const handled: string[] = [];
  const sub = await consumeFromKafka({
    kafka,
    db,
    group: `system-test-${crypto.randomUUID()}`,
    topics: [topics.ImageUploaded],
    handler: async (_trx, e) => {
      if (e.event === 'ImageUploaded' && expected.has(e.data.key)) handled.push(e.data.key);
    },
  });
  const until = Date.now() + timeoutMs;
  while (handled.length < expected.size && Date.now() < until) await Bun.sleep(200);
  await sub.stop();
  return handled;
}

/**
 * Runs an app's real entry point (src/main.ts) as its own process on a free port, and waits until
 * it answers /healthz. `stderr: 'pipe'` lets a test read what the service logged as errors.
 */
export async function startService(
  app: 'auth' | 'users',
  env: Record<string, string>,
  stderr: 'inherit' | 'pipe' = 'inherit',
) {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  const proc = Bun.spawn([process.execPath, path.resolve(import.meta.dir, `../../apps/${app}/src/main.ts`)], {
    // Not the runner's whole environment: a developer's own KAFKA_BROKERS, S3_* or DATABASE_URL must never
    // point a test's service at their servers; what the service does not get here takes its default.
    env: { PATH: process.env.PATH ?? '', ...env, [app === 'auth' ? 'AUTH_PORT' : 'USERS_PORT']: String(port) },
    stdout: 'ignore',
    stderr,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await Bun.sleep(100);
  }
  return { proc, base };
}
