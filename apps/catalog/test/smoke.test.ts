import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createTestCatalog, DB_KINDS, insertProduct, type TestCatalog } from './support';

for (const kind of DB_KINDS) {
  describe(`catalog reads (${kind})`, () => {
    let t: TestCatalog;
    beforeAll(async () => {
      t = await createTestCatalog(kind, 'catalog_smoke');
    });
    afterAll(async () => {
      await t.drop();
    });

    test('an empty catalog is [], then products show up; categories count them', async () => {
      const empty = await t.app.request('/products');
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual([]);
      const id = await insertProduct(t.db, {
        name: 'Café de Colombia',
        price_minor: 1999,
        category_slug: 'tecnologia',
      });
      const list = await (await t.app.request('/products')).json();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id, price: 19.99, category: 'Tecnología', categorySlug: 'tecnologia' });
      const one = await t.app.request(`/products/${id}`);
      expect(one.status).toBe(200);
      const cats = await (await t.app.request('/categories')).json();
      expect(cats).toHaveLength(6);
      expect(cats.find((c: { slug: string }) => c.slug === 'tecnologia')).toEqual({
        slug: 'tecnologia',
        name: 'Tecnología',
        image: 'http://catalog.test/assets/categories/tecnologia.webp',
        productCount: 1,
      });
      const found = await (await t.app.request('/products?q=cafe')).json();
      expect(found.map((p: { id: number }) => p.id)).toEqual([id]);
    });
  });
}
