import type { Page } from 'playwright-core';
import { WAIT_MS } from './browser';

/** How long a test may take: a few page loads each, on a loaded machine. */
export const TEST_MS = 5 * 60_000;
/** The first file to ask for the platform waits for `npm start` to build and start it. */
export const PLATFORM_MS = 16 * 60_000;

/** The product names on a listing page, in the order shown (each card's heading link). */
export async function cardNames(page: Page): Promise<string[]> {
  const cards = page.getByRole('main').getByRole('article');
  await cards.first().waitFor();
  return cards.getByRole('heading').allInnerTexts();
}

/**
 * Retries an assertion until it holds or WAIT_MS passes, then throws its last failure: for a state that
 * settles after a request (a header count, an order's status), never a fixed sleep.
 */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await Bun.sleep(200);
    }
  }
}

/** The header's cart link as a screen reader names it, with its item count ("Carrito 2 artículos"). */
export const cartLink = (page: Page, count: number) =>
  page
    .getByRole('navigation', { name: 'Cuenta' })
    .getByRole('link', { name: `Carrito ${count} artículos`, exact: true });
