// `npm start`: the whole platform on embedded defaults (SQLite under .data/, or DATA_DIR, images in its media/,
// events in the database's outbox, mail to a local maildev whose inbox it prints). Setting DATABASE_URL,
// KAFKA_BROKERS, S3_* and SMTP_URL switches to the real stack.
import path from 'node:path';
import { createDb, DATA_DIR, DEFAULT_DATABASE_URL, migrateToLatest } from '@greencommerce/db';
import { bundleEntry, ensureServiceBuilds, SERVICES, staleBundle } from './service-build';
import { ensureStorefrontBuild, nextBin, storefrontDir } from './storefront-build';

const root = path.resolve(import.meta.dir, '..');
/** Each app with its port variable and default port; a new app is one more line. */
const services = [
  { name: 'auth', portVar: 'AUTH_PORT', port: '8081' },
  { name: 'users', portVar: 'USERS_PORT', port: '8082' },
  { name: 'catalog', portVar: 'CATALOG_PORT', port: '8083' },
  { name: 'cart', portVar: 'CART_PORT', port: '8084' },
  { name: 'orders', portVar: 'ORDERS_PORT', port: '8085' },
  { name: 'notifications', portVar: 'NOTIFICATIONS_PORT', port: '8086' },
].map((s) => ({ ...s, port: process.env[s.portVar] ?? s.port }));
const authPort = services[0]!.port;
const storefrontPort = process.env.STOREFRONT_PORT ?? '3000';
const storefrontUrl = process.env.STOREFRONT_URL ?? `http://127.0.0.1:${storefrontPort}`;
const serviceUrl = (name: string) => `http://127.0.0.1:${services.find((s) => s.name === name)!.port}`;

// Mail: without SMTP_URL, a local maildev (infra/up.sh maildev: SMTP_PORT 1025, MAIL_UI_PORT 1080), so a
// newcomer who registers can open the verification email in its inbox. One we start here stops with us;
// one already running (npm run infra:up, or another SMTP server on the port) is used and left alone.
const smtpPort = process.env.SMTP_PORT ?? '1025';
const inboxPort = process.env.MAIL_UI_PORT ?? '1080';
let inbox: string | undefined;
let startedMaildev = false;
if (!process.env.SMTP_URL) {
  const infraEnv = { ...process.env, SMTP_PORT: smtpPort, MAIL_UI_PORT: inboxPort, INFRA_OWN: '0' };
  const up = Bun.spawnSync(['bash', path.join(root, 'infra/up.sh'), 'maildev'], {
    env: infraEnv,
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const said = up.stdout.toString();
  if (up.exitCode === 0) {
    startedMaildev = said.includes('maildev up');
    if (!said.includes('not started by us')) inbox = `http://127.0.0.1:${inboxPort}`;
  } else {
    console.error('maildev did not start: mail waits in the queue and goes out once an SMTP server answers.');
  }
}
const stopMaildev = () => {
  if (!startedMaildev) return;
  startedMaildev = false;
  Bun.spawnSync(['bash', path.join(root, 'infra/down.sh'), 'maildev'], {
    env: { ...process.env, SMTP_PORT: smtpPort, MAIL_UI_PORT: inboxPort, INFRA_OWN: '0' },
    stdout: 'ignore',
    stderr: 'inherit',
  });
};

const env = {
  ...process.env,
  SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${smtpPort}`,
  ...Object.fromEntries(services.map((s) => [s.portVar, s.port])),
  AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
  // The links in mail (verification, reset, orders) open the storefront started here.
  STOREFRONT_URL: storefrontUrl,
};

// Migrate once here, so the apps do not race to create the same tables on first start.
const db = createDb({ url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL });
await migrateToLatest(db);
await db.destroy();

// Each service runs its bundle (scripts/service-build.ts: one file with its bytecode, about half the
// CPU of a start from sources), built first when missing or older than its sources. A failed build
// is reported and the sources run instead, as `nx serve` runs them.
let entry = (name: string) => bundleEntry(name as (typeof SERVICES)[number]);
const stale = SERVICES.filter((s) => staleBundle(s));
if (stale.length > 0) {
  console.log(`services: bundling ${stale.join(', ')} (${staleBundle(stale[0]!)})…`);
  try {
    const took = await ensureServiceBuilds(stale);
    console.log(`services: bundled in ${Object.values(took).reduce((a, b) => a + b, 0)} ms`);
  } catch (err) {
    console.error(`${(err as Error).message}\nservices: starting from their sources instead.`);
    entry = (name) => path.join(root, 'apps', name, 'src', 'main.ts');
  }
}

const apps = services.map(({ name }) =>
  Bun.spawn([process.execPath, entry(name)], {
    env,
    stdout: 'inherit',
    stderr: 'inherit',
  }),
);

// The storefront is Next.js, which runs on Node: built (when needed) while the services start, then
// served with their URLs.
const built = await ensureStorefrontBuild();
if (built) {
  const storefront = Bun.spawn(['node', nextBin, 'start', '--hostname', '127.0.0.1', '--port', storefrontPort], {
    cwd: storefrontDir,
    env: {
      ...env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      STOREFRONT_PORT: storefrontPort,
      ...Object.fromEntries(
        ['auth', 'users', 'catalog', 'cart', 'orders'].map((n) => [`${n.toUpperCase()}_URL`, serviceUrl(n)]),
      ),
    },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  apps.push(storefront);
  services.push({ name: 'storefront', portVar: 'STOREFRONT_PORT', port: storefrontPort });
} else {
  console.error('storefront: next build failed (see above); starting the services without it.');
}

// Waits for the app's own answer: one that exited (a port already in use, say) answers nothing, even
// when a stale server on its port would.
async function healthy(port: string, app: Bun.Subprocess) {
  for (let i = 0; i < 300 && app.exitCode === null && !app.signalCode; i++) {
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
  // DATA_DIR moves the embedded state (the end-to-end tests give each run its own).
  const dataDir = path.relative(root, DATA_DIR).startsWith('..') ? DATA_DIR : `${path.relative(root, DATA_DIR)}/`;
  const mode = process.env.DATABASE_URL ? 'configured stack' : `embedded mode (SQLite and files under ${dataDir})`;
  const lines = services
    .filter((s) => s.name !== 'storefront')
    .map((s) =>
      s.name === 'notifications'
        ? `  ${s.name.padEnd(13)} http://127.0.0.1:${s.port}/readyz   (a worker: it sends the mail events ask for)`
        : `  ${s.name.padEnd(13)} http://127.0.0.1:${s.port}   docs http://127.0.0.1:${s.port}/docs`,
    );
  const shop = built ? `  storefront    http://127.0.0.1:${storefrontPort}   (the shop: open this)\n` : '';
  const mail = inbox
    ? `\n  mail inbox    ${inbox}   (every email sent, e.g. the verification link after registering)`
    : '';
  console.log(`
GreenCommerce is running, ${mode}:
${shop}${lines.join('\n')}${mail}
Press Ctrl-C to stop.
`);
}

// When one app dies, stop the others and exit with its code rather than run half a platform.
const code = await Promise.race(apps.map((p) => p.exited));
stopAll();
await Promise.all(apps.map((p) => p.exited));
stopMaildev();
process.exit(code);
