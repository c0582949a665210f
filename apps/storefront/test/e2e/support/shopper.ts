import type { Page } from 'playwright-core';
import { cartLink } from './shop';

/** Opens a product from the listing's search and adds `quantity` of it through its form. */
export async function addToCart(page: Page, name: string, search: string, quantity = 1) {
  await page.goto(`/productos?q=${encodeURIComponent(search)}`);
  await page.getByRole('main').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('spinbutton', { name: 'Cantidad' }).fill(String(quantity));
  await page.getByRole('button', { name: 'Añadir al carrito' }).click();
  const done = quantity === 1 ? 'Añadido al carrito.' : `${quantity} unidades añadidas al carrito.`;
  await page.getByRole('status').filter({ hasText: done }).waitFor();
}

/** Waits until the header counts `count` items in the cart. */
export const cartCount = (page: Page, count: number) => cartLink(page, count).waitFor();

/** A line of the cart page, found by its product's heading. */
export const cartLine = (page: Page, name: string) =>
  page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name, exact: true }) });
