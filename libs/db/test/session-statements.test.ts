import { afterEach, expect, test } from 'bun:test';
import net from 'node:net';
import { sql } from 'kysely';
import { createDb, DatabaseUnavailableError, type Db } from '../src/index';

const MYSQL = {
  host: '127.0.0.1',
  port: Number(new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').port || 3306),
};

/**
 * A TCP proxy to the test MariaDB that keeps what each connection's client sent (as latin1 text,
 * enough to find statements in), and stops passing the server's answers once a client sends `stallAt`.
 */
function proxy(stallAt?: string) {
  const sent: string[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(MYSQL.port, MYSQL.host);
    const index = sent.push('') - 1;
    sockets.push(client, upstream);
    let stalled = false;
    client.on('data', (d) => {
      sent[index] += d.toString('latin1');
      if (stallAt && sent[index]?.includes(stallAt)) stalled = true;
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!stalled) client.write(d);
    });
    for (const s of [client, upstream]) s.on('error', () => {});
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listening = new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  const close = () => {
    for (const s of sockets) s.destroy();
    server.close();
  };
  return { sent, listening, close };
}

const opened: { db: Db; close: () => void }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    o.close();
    await o.db.destroy().catch(() => {});
  }
});

test('every new connection, several opened at once, runs the session statements before its first query', async () => {
  const p = proxy();
  const db = createDb({ url: `mysql://root@127.0.0.1:${await p.listening}/mysql`, poolSize: 4, readCommitted: true });
  opened.push({ db, close: p.close });
  // Four at once, so four connections.
  await Promise.all(Array.from({ length: 4 }, () => sql`SELECT SLEEP(0.05) AS first_query`.execute(db)));
  expect(p.sent.length).toBe(4);
  for (const text of p.sent) {
    const mode = text.indexOf('NO_BACKSLASH_ESCAPES');
    const isolation = text.indexOf('READ COMMITTED');
    const first = text.indexOf('first_query');
    expect(mode).toBeGreaterThan(-1);
    expect(isolation).toBeGreaterThan(mode);
    expect(first).toBeGreaterThan(isolation);
  }
});

test('a server that stops answering a session statement: the first query fails as the database being down, within the query timeout', async () => {
  const p = proxy('NO_BACKSLASH_ESCAPES');
  const db = createDb({ url: `mysql://root@127.0.0.1:${await p.listening}/mysql`, poolSize: 1, queryTimeoutMs: 300 });
  opened.push({ db, close: p.close });
  const outcome = await Promise.race([
    sql`SELECT 1 AS one`.execute(db).then(
      () => 'answered',
      (err: unknown) => err,
    ),
    Bun.sleep(3000).then(() => 'still waiting after 3 s'),
  ]);
  expect(outcome).toBeInstanceOf(DatabaseUnavailableError);
});
