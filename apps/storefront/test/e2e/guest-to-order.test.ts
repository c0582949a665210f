import { beforeAll, describe, expect, test } from 'bun:test';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { cardNames, eventually, PLATFORM_MS, TEST_MS } from './support/shop';
import {
  addToCart,
  cartCount,
  cartLine,
  logIn,
  newPerson,
  payWith,
  placeOrder,
  register,
  verifyEmail,
} from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

// Issue 14's proof, first part: a guest searches, filters, adds two products, registers, verifies the
// email from the mail catcher, logs in and sees the cart merged, checks out with 4242 4242 4242 4242 and
// sees the order paid in "Tus Pedidos".
describe('from guest to a paid order', () => {
  test(
    'search, filter, two products, register, verify, log in, merged cart, pay, Tus Pedidos',
    async () => {
      const page = await visitor();
      await page.goto('/');
      await page.getByRole('searchbox', { name: 'Buscar artículos' }).fill('bambú');
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Resultados para «bambú»' }).waitFor();
      expect(await cardNames(page)).toContain('Auriculares inalámbricos de bambú');

      // In stock only (the headphones are sold out), cheapest first.
      await page.getByLabel('Solo con stock').check();
      await page.getByLabel('Ordenar por').selectOption({ label: 'Precio: de menor a mayor' });
      await page.getByRole('button', { name: 'Aplicar filtros' }).click();
      await page.waitForURL(/inStock=true/);
      await eventually(async () =>
        expect(await cardNames(page)).toEqual([
          'Cepillo de dientes de bambú',
          'Calcetines de bambú (pack de 3)',
          'Vajilla infantil de fibra de bambú',
          'Pañales de tela reutilizables (pack de 5)',
        ]),
      );

      await addToCart(page, 'Cepillo de dientes de bambú', 'bambú', 2);
      await addToCart(page, 'Calcetines de bambú (pack de 3)', 'bambú');
      await cartCount(page, 3);

      const ana = newPerson('guest');
      await register(page, ana);
      await verifyEmail(page, ana.email);
      await logIn(page, ana);

      // The guest's two lines are the account's now: the header counts them, and so does another
      // browser where Ana logs in.
      await cartCount(page, 3);
      const elsewhere = await visitor();
      await elsewhere.goto('/');
      await logIn(elsewhere, ana);
      await cartCount(elsewhere, 3);
      await elsewhere.context().close();

      await page
        .getByRole('navigation', { name: 'Cuenta' })
        .getByRole('link', { name: /^Carrito/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Tu carrito' }).waitFor();
      const quantity = (name: string) =>
        cartLine(page, name).getByRole('spinbutton', { name: 'Cantidad' }).inputValue();
      expect(await quantity('Cepillo de dientes de bambú')).toBe('2');
      expect(await quantity('Calcetines de bambú (pack de 3)')).toBe('1');
      // 2 × 3,49 + 11,99
      expect(await page.getByTestId('cart-subtotal').textContent()).toBe('$18,97');

      await placeOrder(page);
      await payWith(page, '4242 4242 4242 4242');
      // The order page waits for the provider's webhook, reloading itself, and thanks once it is paid.
      await page.getByText('¡Gracias! Recibimos tu pago.').waitFor();

      await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Tus Pedidos' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tus Pedidos' }).waitFor();
      const rows = page
        .getByRole('table')
        .getByRole('row')
        .filter({ has: page.getByRole('cell') });
      expect(await rows.count()).toBe(1);
      expect(await rows.getByRole('cell').allTextContents()).toEqual([
        expect.stringMatching(/^Pedido /),
        expect.any(String),
        '3',
        'Pagado',
        // $18,97 and $4,95 shipping (free from $50)
        '$23,92',
      ]);
      await page.context().close();
    },
    TEST_MS,
  );
});
