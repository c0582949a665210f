import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createMysqlTestDb, freePort, newUser, startService, TEST_JWT_ENV, type TestDb } from '@greencommerce/testing';

// Real processes: the users service's supervisor (src/main.ts with USERS_WORKERS=2) and its workers.
let t: TestDb;
let media: string;
beforeAll(async () => {
  t = await createMysqlTestDb('fault_workers');
  media = mkdtempSync(path.join(os.tmpdir(), 'gc-workers-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(media, { recursive: true, force: true });
});

const usersEnv = () => ({
  ...TEST_JWT_ENV,
  NODE_ENV: 'test',
  DATABASE_URL: t.url,
  MEDIA_DIR: media,
  USERS_WORKERS: '2',
});

// A task's `children` lists only the children that thread forked: read every thread's.
const childrenOf = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );

/**
 * The pid of the worker that answers a new connection. A plain socket per call: fetch may reuse a
 * pooled connection, which would keep asking the same worker and never meet a replacement.
 */
const answeringPid = (base: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const socket = connect({ host: hostname, port: Number(port) }, () =>
      socket.write('GET /healthz HTTP/1.1\r\nhost: workers\r\nconnection: close\r\n\r\n'),
    );
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const pid = /"pid":(\d+)/.exec(text)?.[1];
      if (text.startsWith('HTTP/1.1 200') && pid) resolve(Number(pid));
      else reject(new Error(`unexpected answer: ${text.slice(0, 80)}`));
    });
  });

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await Bun.sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until two distinct workers, both children of the supervisor, have answered. */
async function bothAnswering(supervisor: number, base: string) {
  const workers = await until('two workers', () =>
    childrenOf(supervisor).length === 2 ? childrenOf(supervisor) : undefined,
  );
  const seen = new Set<number>();
  await until('both workers answering', async () => {
    // Refused while the supervisor is still starting its first worker.
    const pid = await answeringPid(base).catch(() => undefined);
    if (pid) seen.add(pid);
    return seen.size === 2 ? true : undefined;
  });
  expect([...seen].sort()).toEqual([...workers].sort());
  return workers;
}

test('two workers answer on one port; a worker killed with -9 is replaced while the port keeps answering', async () => {
  const { proc, base } = await startService('users', usersEnv());
  try {
    const workers = await bothAnswering(proc.pid, base);

    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    await until('the killed worker gone', () => (childrenOf(proc.pid).includes(victim) ? undefined : true));
    // Meanwhile the survivor holds the port alone: every new connection is answered.
    for (let i = 0; i < 20; i++) expect(await answeringPid(base)).not.toBe(victim);

    const replacement = await until('a replacement worker', () =>
      childrenOf(proc.pid).find((pid) => pid !== victim && pid !== survivor),
    );
    await until('the replacement answering', async () =>
      (await answeringPid(base)) === replacement ? true : undefined,
    );
  } finally {
    proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  }
}, 120_000);

test('a supervisor killed with -9: its workers stop themselves and free the port', async () => {
  const { proc, base } = await startService('users', usersEnv());
  let workers: number[] = [];
  try {
    workers = await bothAnswering(proc.pid, base);
    proc.kill('SIGKILL');
    await proc.exited;
    // No SIGTERM reaches them: they notice the lost IPC channel, or an orphan would keep the port.
    await until('the workers gone', () => (workers.some((pid) => existsSync(`/proc/${pid}`)) ? undefined : true));
    await until('the port refusing connections', () =>
      fetch(`${base}/healthz`).then(
        () => undefined,
        () => true,
      ),
    );
  } finally {
    for (const pid of workers) if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  }
}, 120_000);

/** Sends a request's head and half its JSON body over a raw socket; the rest goes when asked. */
async function slowRequest(base: string, token: string) {
  const url = new URL(base);
  const body = JSON.stringify({ name: 'Slow' });
  let answer = '';
  const done = Promise.withResolvers<string>();
  const socket = await Bun.connect({
    hostname: url.hostname,
    port: Number(url.port),
    socket: {
      data: (_s, chunk) => {
        answer += chunk.toString();
      },
      close: () => done.resolve(answer),
      error: (_s, err) => done.reject(err),
    },
  });
  socket.write(
    `PUT /user/update HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.slice(0, 5)}`,
  );
  return {
    finish: () => {
      socket.write(body.slice(5));
      return done.promise;
    },
  };
}

test('SIGTERM to the supervisor: slow requests in flight complete, then the workers and the supervisor exit', async () => {
  const { proc, base } = await startService('users', { ...usersEnv(), NODE_ENV: 'production', LOG_LEVEL: 'error' });
  try {
    const workers = await bothAnswering(proc.pid, base);
    const user = await newUser(t.db);
    const slow = await Promise.all(Array.from({ length: 6 }, () => slowRequest(base, user.token)));
    // Each head has long reached a worker, whose handler now waits for the rest of the body.
    await Bun.sleep(500);
    proc.kill('SIGTERM');
    await Bun.sleep(500);
    // Still draining: the supervisor waits for its workers, which wait for these requests.
    expect(proc.exitCode).toBeNull();
    const answers = await Promise.all(slow.map((r) => r.finish()));
    for (const a of answers) expect(a).toStartWith('HTTP/1.1 200');
    expect(await proc.exited).toBe(0);
    for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false);
  } finally {
    // A failed run leaves nothing behind: workers stop themselves when their supervisor dies.
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}, 120_000);

test('a supervisor loads its environment, not the app: its workers answer, and it never loaded hono, kysely nor jose', async () => {
  const port = freePort();
  const out = path.join(media, 'supervisor-modules.json');
  const sup = Bun.spawn(
    [
      process.execPath,
      '--preload',
      path.join(import.meta.dir, 'fixtures/list-modules.ts'),
      path.resolve(import.meta.dir, '../../apps/users/src/main.ts'),
    ],
    { env: { PATH: process.env.PATH ?? '', ...usersEnv(), USERS_PORT: String(port), MODULES_OUT: out } },
  );
  await bothAnswering(sup.pid, `http://127.0.0.1:${port}`);
  sup.kill('SIGTERM');
  expect(await sup.exited).toBe(0);
  const modules = JSON.parse(readFileSync(out, 'utf8')) as string[];
  expect(modules.some((m) => m.includes('/node_modules/pino/'))).toBe(true);
  expect(modules.filter((m) => /node_modules\/(hono|@hono|kysely|jose)\//.test(m))).toEqual([]);
}, 60_000);

test('workers that die before they listen: the supervisor gives up, exits 1 and says why', async () => {
  const port = freePort();
  // The embedded database in a folder that cannot be created: only workers open it, and they fail.
  const sup = Bun.spawn([process.execPath, path.resolve(import.meta.dir, '../../apps/auth/src/main.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      AUTH_PORT: String(port),
      AUTH_WORKERS: '2',
      DATABASE_URL: '/proc/no-such-dir/db.sqlite',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  });
  expect(await sup.exited).toBe(1);
  expect(await new Response(sup.stderr).text()).toContain('auth: workers exited before listening 5 times in a row');
}, 120_000);

test('development mode: a second start on a port a stale server holds (even with reusePort) exits 1 naming the port', async () => {
  const port = freePort();
  const stale = Bun.serve({ hostname: '127.0.0.1', port, reusePort: true, fetch: () => new Response('stale') });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-stale-'));
  try {
    const second = Bun.spawn([process.execPath, path.resolve(import.meta.dir, '../../apps/auth/src/main.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        AUTH_PORT: String(port),
        DATABASE_URL: path.join(dir, 'db.sqlite'),
        JWT_KEY_FILE: path.join(dir, 'k.json'),
      },
      stdout: 'ignore',
      stderr: 'pipe',
    });
    const code = await Promise.race([second.exited, Bun.sleep(20_000).then(() => 'still running')]);
    second.kill('SIGKILL');
    expect(code).toBe(1);
    expect(await new Response(second.stderr).text()).toContain(`port ${port} on 127.0.0.1 is already in use`);
  } finally {
    stale.stop(true);
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
