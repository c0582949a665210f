// `npm run bench:profile -- <user-info|login|upload|cold-start>`: runs one service under the benchmark's load
// with Bun's CPU profiler and keeps the hottest functions in docs/profiles/<target>.md.
// Expects `npm run bench` to have prepared the gc_bench database once (cold-start: nothing, see cold-start-profile.ts).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from './load';
import { ROOT } from './processes';
import { signUp } from './session';

const target = process.argv[2] ?? 'user-info';
if (target === 'cold-start') {
  await import('./cold-start-profile');
  process.exit(0);
}
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: `${MYSQL}/gc_bench`,
  KAFKA_BROKERS: '127.0.0.1:9092',
  S3_ENDPOINT: 'http://127.0.0.1:9090',
  S3_BUCKET: 'gc-bench',
  S3_ACCESS_KEY_ID: 'bench',
  S3_SECRET_ACCESS_KEY: 'bench',
  S3_PUBLIC_BASE_URL: 'http://127.0.0.1:9090/gc-bench',
  AUTH_PORT: '18081',
  USERS_PORT: '18082',
  AUTH_JWKS_URL: 'http://127.0.0.1:18081/.well-known/jwks.json',
  JWT_KEY_FILE: path.join(ROOT, '.data/bench-jwt-keys.json'),
  LOGIN_IP_LIMIT: '1000000000',
  LOGIN_ACCOUNT_FAILURE_LIMIT: '1000000000',
  REGISTER_IP_LIMIT: '1000000000',
  // One process each, so that the profile is of the process serving, not of a supervisor.
  AUTH_WORKERS: '1',
  USERS_WORKERS: '1',
};
const profiled = target === 'login' ? 'auth' : 'users';
const dir = path.join(os.tmpdir(), `gc-profile-${process.pid}`);
const spawn = (app: string) =>
  Bun.spawn(
    [
      process.execPath,
      ...(app === profiled ? ['--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${dir}`] : []),
      path.join(ROOT, `apps/${app}/src/main.ts`),
    ],
    { env, stdout: 'ignore', stderr: 'inherit' },
  );
const procs = [spawn('auth'), spawn('users')];
await Bun.sleep(2000);

const { email, password, token } = await signUp(18081);
const bearer = { authorization: `Bearer ${token}` };

const result =
  target === 'login'
    ? await load({
        url: 'http://127.0.0.1:18081/auth/login',
        connections: 64,
        seconds: 8,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    : target === 'upload'
      ? await load({
          url: 'http://127.0.0.1:18082/upload',
          connections: 16,
          seconds: 8,
          headers: bearer,
          form: {
            image: { type: 'file', path: path.join(ROOT, 'apps/users/test/fixtures/rust-embedded-verify.jpeg') },
          },
        })
      : await load({ url: 'http://127.0.0.1:18082/user/info', connections: 64, seconds: 8, headers: bearer });
for (const p of procs) p.kill('SIGTERM');
await Promise.all(procs.map((p) => p.exited));

const md = readdirSync(dir).find((f) => f.endsWith('.md'));
if (!md) throw new Error('no profile was written');
const lines = readFileSync(path.join(dir, md), 'utf8').split('\n');
const top = lines.slice(0, lines.findIndex((l) => l.startsWith('| 0.2%')) + 1 || 60);
mkdirSync(path.join(ROOT, 'docs/profiles'), { recursive: true });
const out = path.join(ROOT, 'docs/profiles', `${target}.md`);
writeFileSync(
  out,
  `# CPU profile: ${target} (${profiled} process)\n\n` +
    `\`npm run bench:profile -- ${target}\`, ${new Date().toISOString()}, load: ${result.rps} req/s, p99 ${result.p99} ms.\n` +
    'Main JavaScript thread only: password hashing runs on worker threads and does not show here.\n' +
    'A single sample that spans start-up idle time can show as one huge `insert`/`(module)` entry; ignore it.\n\n' +
    `${top.slice(2).join('\n')}\n`,
);
rmSync(dir, { recursive: true, force: true });
console.log(`wrote ${path.relative(ROOT, out)} (${result.rps} req/s)`);
