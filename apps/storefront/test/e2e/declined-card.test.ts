import { beforeAll, describe, expect, test } from 'bun:test';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { PLATFORM_MS, TEST_MS } from './support/shop';
import { addToCart, logIn, newPerson, payWith, placeOrder, register } from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

describe('a declined card', () => {
  test(
    '4000 0000 0000 0002 is declined by the card field, and the order still awaits payment',
    async () => {
      const page = await visitor();
      await page.goto('/');
      const luis = { ...newPerson('declined'), name: 'Luis' };
      await register(page, luis);
      await logIn(page, luis);
      await addToCart(page, 'Té verde matcha ecológico', 'matcha');
      await page.goto('/carrito');
      await placeOrder(page);
      await payWith(page, '4000 0000 0000 0002');

      await page.getByRole('alert').filter({ hasText: 'Tu banco rechazó la tarjeta' }).waitFor();
      // The reason is read out with the field, which is ready for another card.
      const card = page.getByRole('textbox', { name: 'Número de tarjeta' });
      expect(await card.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await card.getAttribute('aria-describedby'))?.split(' ') ?? [];
      const description = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
      expect(description).toContain('Tarjeta rechazada');

      await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Tus Pedidos' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tus Pedidos' }).waitFor();
      const rows = page
        .getByRole('table')
        .getByRole('row')
        .filter({ has: page.getByRole('cell') });
      expect(await rows.count()).toBe(1);
      expect(await rows.getByRole('cell').nth(3).textContent()).toBe('Pendiente de pago');
      await page.context().close();
    },
    TEST_MS,
  );
});
