/**
 * The test run's mail catcher (maildev, started by infra/up.sh): where services send (TEST_SMTP_URL)
 * and its HTTP API, from which tests read what was delivered.
 */
const SMTP_PORT = process.env.SMTP_PORT ?? '19025';
const MAIL_UI_PORT = process.env.MAIL_UI_PORT ?? '19080';
export const TEST_SMTP_URL = process.env.TEST_SMTP_URL ?? `smtp://127.0.0.1:${SMTP_PORT}`;
export const TEST_MAILDEV_URL = process.env.TEST_MAILDEV_URL ?? `http://127.0.0.1:${MAIL_UI_PORT}`;

/** A delivered message as maildev's API gives it (the fields tests read). */
export type DeliveredMail = {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  headers: Record<string, string | string[]>;
  attachments?: unknown[];
};

/** Every message delivered to an address, oldest first (one GET /api/email filtered by recipient). */
export async function mailTo(address: string, base = TEST_MAILDEV_URL): Promise<DeliveredMail[]> {
  const res = await fetch(`${base}/api/email?${new URLSearchParams({ 'to.address': address })}`);
  if (!res.ok) throw new Error(`maildev answered ${res.status} for GET /api/email`);
  return (await res.json()) as DeliveredMail[];
}

/**
 * Waits until at least `count` messages reached each address (or the timeout passes), then returns
 * what each received: a test asserting "exactly one" checks the count itself, after waiting a little
 * longer for a duplicate that should never come.
 */
export async function waitForMail(
  addresses: string[],
  { count = 1, timeoutMs = 30_000, base = TEST_MAILDEV_URL } = {},
): Promise<Map<string, DeliveredMail[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await fetch(`${base}/api/email`).then((r) => r.json() as Promise<DeliveredMail[]>);
    const byTo = new Map<string, DeliveredMail[]>(addresses.map((a) => [a, []]));
    for (const m of all) for (const to of m.to) byTo.get(to.address)?.push(m);
    if ([...byTo.values()].every((l) => l.length >= count) || Date.now() > deadline) return byTo;
    await Bun.sleep(100);
  }
}

/** The value of a header of a delivered message (maildev lower-cases names). */
export const mailHeader = (m: DeliveredMail, name: string) => {
  const v = m.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
