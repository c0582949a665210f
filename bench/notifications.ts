// Issue 13's figure: the time from a registration committed (UserRegistered and its
// EmailVerificationRequested, one transaction) to its email accepted by SMTP, at 20 registrations per
// second, on MariaDB with Kafka: the auth process's outbox relay, the notifications process's consumer,
// its queue and sender, each as run in production.
import path from 'node:path';
import { createDb, migrateToLatest } from '@greencommerce/db';
import { sql } from 'kysely';
import { ROOT, start } from './processes';
import type { Report } from './report';

const PORTS = { auth: 18181, notifications: 18186 };
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * An SMTP server that accepts everything and notes, per recipient, the moment it answered 250 to the
 * message's final dot: the moment "accepted by SMTP" means. maildev's own timestamps have 1 s resolution.
 */
function acceptingSmtp(acceptedAt: Map<string, number>) {
  type State = { buf: string; data: boolean; rcpt: string[] };
  const states = new WeakMap<object, State>();
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      open(s) {
        states.set(s, { buf: '', data: false, rcpt: [] });
        s.write('220 bench.test ESMTP\r\n');
      },
      data(s, chunk) {
        const st = states.get(s)!;
        st.buf += chunk.toString();
        let at = st.buf.indexOf('\r\n');
        while (at >= 0) {
          const line = st.buf.slice(0, at);
          st.buf = st.buf.slice(at + 2);
          if (st.data) {
            if (line === '.') {
              const now = performance.now();
              for (const r of st.rcpt) acceptedAt.set(r, now);
              s.write('250 2.0.0 queued\r\n');
              st.data = false;
              st.rcpt = [];
            }
          } else {
            const verb = line.slice(0, 4).toUpperCase();
            if (verb === 'EHLO') s.write('250-bench.test\r\n250 8BITMIME\r\n');
            else if (verb === 'RCPT') {
              st.rcpt.push(/<([^>]*)>/.exec(line)?.[1]?.toLowerCase() ?? '');
              s.write('250 OK\r\n');
            } else if (verb === 'DATA') {
              st.data = true;
              s.write('354 go ahead\r\n');
            } else if (verb === 'QUIT') {
              s.write('221 bye\r\n');
              s.end();
            } else s.write('250 OK\r\n');
          }
          at = st.buf.indexOf('\r\n');
        }
      },
    },
  });
  return { url: `smtp://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

const registration = (email: string) => ({
  name: 'Ana',
  lastName: 'Pérez',
  dayBirth: '15',
  monthBirth: '2',
  yearBirth: '1990',
  gender: 'Mujer',
  phoneNumber: '0991234567',
  email,
  password: 'correct horse battery',
});

export async function notificationsBench(
  report: Report,
  opts: { mysqlUrl: string; kafkaBrokers: string; seconds: number; rate?: number },
) {
  const rate = opts.rate ?? 20;
  const admin = createDb({ url: `${opts.mysqlUrl}/mysql`, poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS gc_bench_notifications`.execute(admin);
  await sql`CREATE DATABASE gc_bench_notifications`.execute(admin);
  await admin.destroy();
  const dbUrl = `${opts.mysqlUrl}/gc_bench_notifications`;
  const db = createDb({ url: dbUrl, poolSize: 2 });
  await migrateToLatest(db);
  await db.destroy();

  const acceptedAt = new Map<string, number>();
  const smtp = acceptingSmtp(acceptedAt);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: dbUrl,
    KAFKA_BROKERS: opts.kafkaBrokers,
    JWT_KEY_FILE: path.join(ROOT, '.data/bench-jwt-keys.json'),
    REGISTER_IP_LIMIT: '1000000000',
    AUTH_PORT: String(PORTS.auth),
    NOTIFICATIONS_PORT: String(PORTS.notifications),
    SMTP_URL: smtp.url,
  };
  const auth = await start('auth', 'apps/auth/src/main.ts', PORTS.auth, env);
  const notifications = await start('notifications', 'apps/notifications/src/main.ts', PORTS.notifications, env);
  const run = `${Date.now()}`;
  const register = async (email: string) => {
    const res = await fetch(`http://127.0.0.1:${PORTS.auth}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration(email)),
    });
    await res.arrayBuffer();
    return res.status === 201 ? performance.now() : undefined;
  };
  try {
    // One through the whole path first: the consumer group has joined, topics exist, pools are warm.
    const first = `warm.${run}@bench.test`;
    await register(first);
    for (let i = 0; i < 600 && !acceptedAt.has(first); i++) await Bun.sleep(100);
    if (!acceptedAt.has(first)) throw new Error('the first registration was never mailed');

    // Open loop: the nth registration is sent at n / rate seconds, whatever the previous ones took.
    const committedAt = new Map<string, number>();
    let refused = 0;
    const total = rate * opts.seconds;
    const t0 = performance.now();
    const sent: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      await Bun.sleep(Math.max(0, t0 + (i * 1000) / rate - performance.now()));
      const email = `r${i}.${run}@bench.test`;
      sent.push(
        register(email).then((at) => {
          if (at === undefined) refused++;
          else committedAt.set(email, at);
        }),
      );
    }
    await Promise.all(sent);
    const deadline = Date.now() + 30_000;
    const delivered = () => [...committedAt.keys()].filter((e) => acceptedAt.has(e)).length;
    while (delivered() < committedAt.size && Date.now() < deadline) await Bun.sleep(100);
    // Measured from the client's 201 (the commit happened before it): an upper bound on "committed".
    const lags = [...committedAt]
      .flatMap(([email, at]) => (acceptedAt.has(email) ? [acceptedAt.get(email)! - at] : []))
      .sort((a, b) => a - b);
    report.record('UserRegistered → email accepted by SMTP', `${rate} registrations/s, MariaDB + Kafka`, {
      p50ms: Math.round(pct(lags, 0.5)),
      p99ms: Math.round(pct(lags, 0.99)),
      maxMs: Math.round(lags.at(-1) ?? 0),
      delivered: lags.length,
      registrations: committedAt.size,
      // Registrations auth did not answer 201 (on a machine this loaded, argon2 queues overflow: 429/503).
      refused,
    });
  } finally {
    await notifications.stop();
    await auth.stop();
    smtp.stop();
  }
}
