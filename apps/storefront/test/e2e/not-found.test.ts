import { beforeAll, describe, expect, test } from 'bun:test';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { PLATFORM_MS, TEST_MS } from './support/shop';
import { grantAdmin, logIn, newPerson, register } from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

/**
 * A page that does not exist answers a real 404, not a 200 carrying the not-found UI: a crawler or a
 * link checker reads the status. A segment's loading boundary would send the 200 before its page
 * could call notFound().
 */
describe('unknown pages', () => {
  test(
    'an unknown path, product or order is a 404 with the not-found page',
    async () => {
      const { url } = await platform();
      for (const path of ['/no-such-page', '/productos/xyz-no-existe']) {
        const res = await fetch(`${url}${path}`, { redirect: 'manual' });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(await res.text()).toContain('noindex');
      }

      const page = await visitor();
      await page.goto('/');
      const ana = { ...newPerson('not-found'), name: 'Ana' };
      await register(page, ana);
      await grantAdmin(ana.email);
      await logIn(page, ana);
      const status = async (path: string) => ({ path, status: (await page.goto(path))?.status() });
      for (const path of [
        '/pedidos/no-existe',
        '/pedidos/0190f3a2-7c1e-7d4b-9a6f-1234abcd5678',
        '/checkout/pago/0190f3a2-7c1e-7d4b-9a6f-1234abcd5678',
        '/admin/pedidos/0190f3a2-7c1e-7d4b-9a6f-1234abcd5678',
        '/admin/productos/999999999',
      ]) {
        expect(await status(path)).toEqual({ path, status: 404 });
        await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
      }
      // The lists, whose loading states moved into route groups, are still where they were.
      for (const path of ['/pedidos', '/checkout', '/admin', '/admin/pedidos', '/admin/productos']) {
        expect(await status(path)).toEqual({ path, status: 200 });
      }
      await page.context().close();
    },
    TEST_MS,
  );
});
