// `npm start`: the whole platform on embedded defaults (SQLite under .data/, images in .data/media,
// events in the database's outbox). Setting DATABASE_URL, KAFKA_BROKERS and S3_* switches to the real stack.
import path from 'node:path';
import { createDb, DEFAULT_DATABASE_URL, migrateToLatest } from '@greencommerce/db';

const root = path.resolve(import.meta.dir, '..');
/** Each app with its port variable and default port; a new app is one more line. */
const services = [
  { name: 'auth', portVar: 'AUTH_PORT', port: '8081' },
  { name: 'users', portVar: 'USERS_PORT', port: '8082' },
  { name: 'catalog', portVar: 'CATALOG_PORT', port: '8083' },
  { name: 'cart', portVar: 'CART_PORT', port: '8084' },
  { name: 'orders', portVar: 'ORDERS_PORT', port: '8085' },
].map((s) => ({ ...s, port: process.env[s.portVar] ?? s.port }));
const authPort = services[0]!.port;
const env = {
  ...process.env,
  ...Object.fromEntries(services.map((s) => [s.portVar, s.port])),
  AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
};

// Migrate once here, so the apps do not race to create the same tables on first start.
const db = createDb({ url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL });
await migrateToLatest(db);
await db.destroy();

const apps = services.map(({ name }) =>
  Bun.spawn([process.execPath, path.join(root, 'apps', name, 'src', 'main.ts')], {
    env,
    stdout: 'inherit',
    stderr: 'inherit',
  }),
);

// Waits for the app's own answer: one that exited (a port already in use, say) answers nothing, even
// when a stale server on its port would.
async function healthy(port: string, app: Bun.Subprocess) {
  for (let i = 0; i < 100 && app.exitCode === null && !app.signalCode; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await Bun.sleep(100);
  }
  return false;
}

const stopAll = () => {
  for (const p of apps) p.kill('SIGTERM');
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

const up = await Promise.all(services.map((s, i) => healthy(s.port, apps[i]!)));
if (up.every(Boolean)) {
  const mode = process.env.DATABASE_URL ? 'configured stack' : 'embedded mode (SQLite and files under .data/)';
  const lines = services.map(
    (s) => `  ${s.name.padEnd(7)} http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs`,
  );
  console.log(`
GreenCommerce is running, ${mode}:
${lines.join('\n')}
Press Ctrl-C to stop.
`);
}

// When one app dies, stop the others and exit with its code rather than run half a platform.
const code = await Promise.race(apps.map((p) => p.exited));
stopAll();
await Promise.all(apps.map((p) => p.exited));
process.exit(code);
