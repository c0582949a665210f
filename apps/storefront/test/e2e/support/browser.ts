import path from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { platform, ROOT } from './platform';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Playwright's own browser download is not reachable here: Debian's chromium, installed when missing. */
function ensureChromium() {
  const setup = Bun.spawnSync(['bash', path.join(ROOT, 'infra/chromium.sh')], { stdout: 'pipe', stderr: 'pipe' });
  if (setup.exitCode !== 0) throw new Error(`${setup.stdout}${setup.stderr}`.trim());
}

async function launch(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags, chromium keeps calling Google's services, which this
    // closed network answers with nothing but timeouts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let running: Promise<Browser> | undefined;

/** The run's one Chromium; every test opens its own context (its own cookies) in it. */
export const browser = () => {
  running ??= launch();
  return running;
};

export async function closeBrowser() {
  const b = running;
  running = undefined;
  await (await b?.catch(() => undefined))?.close();
}

/** Waits for states (a loaded 2-core machine renders a page in seconds, not milliseconds). */
export const WAIT_MS = 60_000;

/**
 * A fresh browser context on the storefront (no cookies: a new visitor) and a page in it. Built with
 * newContext, as AxeBuilder needs.
 */
export async function visitor(options: BrowserContextOptions = {}): Promise<Page> {
  const { url } = await platform();
  const context = await (await browser()).newContext({
    baseURL: url,
    locale: 'es-ES',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  return context.newPage();
}
