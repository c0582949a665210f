import { beforeAll, describe, expect, test } from 'bun:test';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { cardNames, cartLink, PLATFORM_MS, TEST_MS } from './support/shop';
import { cartLine } from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

// Issue 14: browsing works without JavaScript (server-rendered listing and product pages).
describe('browsing without JavaScript', () => {
  test(
    'the listing renders its products, pages on and back, and filters with a plain form',
    async () => {
      const page = await visitor({ javaScriptEnabled: false });
      await page.goto('/productos');
      await page.getByRole('heading', { level: 1, name: 'Todos los productos' }).waitFor();
      expect(await page.getByRole('main').getByRole('status').textContent()).toMatch(/^\d+ productos$/);
      const first = await cardNames(page);
      expect(first).toHaveLength(12);

      await page.getByRole('link', { name: 'Página siguiente' }).click();
      await page.waitForURL(/[?&]cursor=/);
      const second = await cardNames(page);
      expect(second).toHaveLength(12);
      expect(second.filter((name) => first.includes(name))).toEqual([]);
      // The page is its URL: a reload shows the same products, and back the first page's.
      await page.reload();
      expect(await cardNames(page)).toEqual(second);
      await page.goBack();
      expect(await cardNames(page)).toEqual(first);

      await page.getByLabel('Categoría', { exact: true }).selectOption({ label: 'Tecnología' });
      await page.getByLabel('Solo con stock').check();
      await page.getByRole('button', { name: 'Aplicar filtros' }).click();
      await page.waitForURL(/category=tecnologia/);
      await page.getByRole('heading', { level: 1, name: 'Tecnología' }).waitFor();
      // The fourth product of the category, the bamboo headphones, is out of stock.
      expect((await cardNames(page)).sort()).toEqual([
        'Bombilla LED de bajo consumo',
        'Cargador solar portátil',
        'Funda de móvil compostable',
      ]);
      await page.context().close();
    },
    TEST_MS,
  );

  test(
    'a product page shows its image, price and stock; its add-to-cart form and the cart work too',
    async () => {
      const page = await visitor({ javaScriptEnabled: false });
      await page.goto('/productos?q=cargador');
      await page.getByRole('link', { name: 'Cargador solar portátil' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cargador solar portátil' }).waitFor();
      expect(await page.getByText('Marca: Sol Portátil').count()).toBe(1);
      expect(await page.getByTestId('product-price').textContent()).toContain('39,90');
      expect(await page.getByText('30 unidades disponibles').count()).toBe(1);
      // The picture is served through the storefront's own origin, and is a real image.
      const src = await page.getByRole('img', { name: 'Cargador solar portátil' }).getAttribute('src');
      expect(src).toStartWith('/');
      const image = await page.request.get(src!);
      expect(image.status()).toBe(200);
      expect(image.headers()['content-type']).toStartWith('image/');

      await cartLink(page, 0).waitFor();
      await page.getByLabel('Cantidad').fill('2');
      await page.getByRole('button', { name: 'Añadir al carrito' }).click();
      await page.getByRole('status').filter({ hasText: '2 unidades añadidas al carrito.' }).waitFor();
      await cartLink(page, 2).waitFor();
      await page.getByRole('link', { name: 'Ver el carrito' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tu carrito' }).waitFor();
      expect(await page.getByRole('main').getByRole('listitem').getByRole('heading').allInnerTexts()).toEqual([
        'Cargador solar portátil',
      ]);
      const line = cartLine(page, 'Cargador solar portátil');
      expect(await line.getByRole('spinbutton', { name: 'Cantidad' }).inputValue()).toBe('2');
      await page.context().close();
    },
    TEST_MS,
  );
});
