import { expect } from 'bun:test';
import { plainChildEnv, uniqueEmail, waitForMail } from '@greencommerce/testing';
import type { Page } from 'playwright-core';
import { WAIT_MS } from './browser';
import { platform, ROOT } from './platform';
import { cartLink } from './shop';

export type Person = { name: string; lastName: string; email: string; password: string };

/** Someone new to the shop (the same name every time, so the screenshots that show it do not change). */
export const newPerson = (tag: string): Person => ({
  name: 'Ana',
  lastName: 'Pérez',
  email: uniqueEmail(`e2e-${tag}`),
  password: 'correct horse battery',
});

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

/** Registers through the header's link and the form with the original client's fields. */
export async function register(page: Page, person: Person) {
  await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Registrarse' }).click();
  await page.getByRole('heading', { level: 1, name: /cuenta/i }).waitFor();
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field('Nombre').fill(person.name);
  await field('Apellido').fill(person.lastName);
  await field('Día').fill('15');
  await field('Mes').fill('2');
  await field('Año').fill('1990');
  await field('Género').selectOption({ label: 'Mujer' });
  await field('Teléfono').fill('0991234567');
  await field('Correo electrónico').fill(person.email);
  await field('Contraseña').fill(person.password);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await page.getByRole('status').filter({ hasText: 'Cuenta creada' }).waitFor();
}

/** Opens the verification link of the email the shop sent (from the run's mail catcher) and confirms it. */
export async function verifyEmail(page: Page, email: string) {
  const mail = (await waitForMail([email], { timeoutMs: WAIT_MS })).get(email) ?? [];
  const links = mail.flatMap((m) => m.text?.match(/https?:\/\/\S+\/verify-email\?token=[\w.~%-]+/g) ?? []);
  expect(links).toHaveLength(1);
  // The link opens this run's storefront (STOREFRONT_URL), not some other shop.
  expect(links[0]).toStartWith(`${(await platform()).url}/verify-email?token=`);
  await page.goto(links[0]!);
  await page.getByRole('button', { name: 'Verificar mi correo' }).click();
  await page.getByRole('status').filter({ hasText: 'Tu correo está verificado' }).waitFor();
}

/** Logs in through the header's link; done when the header greets the person. */
export async function logIn(page: Page, person: Person) {
  await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Iniciar sesión' }).click();
  await page.getByLabel('Correo electrónico', { exact: true }).fill(person.email);
  await page.getByLabel('Contraseña', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByText(`Hola, ${person.name}`).waitFor();
}

/** From the cart page: the checkout's address form, sent; done on the card form of the order it placed. */
export async function placeOrder(page: Page) {
  await page.getByRole('link', { name: 'Finalizar compra' }).click();
  await page.getByRole('heading', { level: 1, name: 'Finalizar compra' }).waitFor();
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field('Nombre de quien recibe').fill('Ana Pérez');
  await field('Dirección').fill('Av. Amazonas 123');
  await field('Ciudad').fill('Quito');
  await field('Código postal').fill('170135');
  await field('País').selectOption({ label: 'Ecuador' });
  await page.getByRole('button', { name: 'Confirmar pedido e ir al pago' }).click();
  await page.getByRole('form', { name: 'Pagar con tarjeta' }).waitFor();
}

/** Types a card into the payment form and sends it. */
export async function payWith(page: Page, card: string) {
  const form = page.getByRole('form', { name: 'Pagar con tarjeta' });
  await form.getByLabel('Número de tarjeta').fill(card);
  await form.getByRole('button', { name: 'Pagar' }).click();
}

/** `npm run admin:grant -- <email>` on the run's database: the only way to make an admin. */
export async function grantAdmin(email: string) {
  const { env } = await platform();
  const grant = Bun.spawn(['npm', 'run', '--silent', 'admin:grant', '--', email], {
    cwd: ROOT,
    env: plainChildEnv(env),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const said = `${await new Response(grant.stdout).text()}${await new Response(grant.stderr).text()}`;
  expect({ code: await grant.exited, said }).toEqual({ code: 0, said: expect.stringContaining('is now an admin') });
}
