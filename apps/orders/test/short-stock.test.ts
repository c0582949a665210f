import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type CartItemWithCatalog, DatabaseUnavailableError } from '@greencommerce/db';
import { AppError } from '@greencommerce/http';
import { createMysqlTestDb, createSqliteTestDb, type TestDb } from '@greencommerce/testing';
import { ORDERS_DB_OPTIONS } from '../src/db-options';
import { answeringShortStock, ShortStock } from '../src/services/short-stock';
import { DB_KINDS, insertProduct } from './support';

const line = (productId: number, quantity: number): CartItemWithCatalog => ({
  product_id: productId,
  quantity,
  catalog_id: productId,
  slug: 's',
  name: 'n',
  price_minor: 100,
  currency: 'USD',
});

// The reservation is one UPDATE, which does not say which line fell short: the 409 is read after the rollback.
for (const kind of DB_KINDS) {
  describe(`a checkout refused for short stock (${kind})`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = kind === 'mysql' ? await createMysqlTestDb('short_stock', ORDERS_DB_OPTIONS) : await createSqliteTestDb();
    });
    afterAll(() => t.drop());

    test('the 409 names each line short now (gone, archived or too few), with what is available', async () => {
      const ok = await insertProduct(t.db, { stock: 5, name: 'Plenty' });
      const few = await insertProduct(t.db, { stock: 1, name: 'Few' });
      const archived = await insertProduct(t.db, { stock: 9, name: 'Old', archived: true });
      const items = [line(ok, 5), line(few, 2), line(archived, 1), line(999_999_999, 1)];
      const err = await answeringShortStock(t.db, async () => {
        throw new ShortStock(items);
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toBe('Not enough stock for 3 products; nothing was reserved');
      expect((err as AppError).details).toEqual([
        { path: `items.${few}`, message: 'Few: 2 requested, 1 available' },
        { path: `items.${archived}`, message: 'Old: 1 requested, 0 available' },
        { path: 'items.999999999', message: 'product 999999999: 1 requested, 0 available' },
      ]);
    });

    test('every line in stock again when read: the transaction runs again, a few times at most', async () => {
      const p = await insertProduct(t.db, { stock: 3 });
      let runs = 0;
      expect(
        await answeringShortStock(t.db, async () => {
          if (++runs === 1) throw new ShortStock([line(p, 3)]);
          return 'placed';
        }),
      ).toBe('placed');
      expect(runs).toBe(2);
      runs = 0;
      const err = await answeringShortStock(t.db, async () => {
        runs++;
        throw new ShortStock([line(p, 3)]);
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect(runs).toBe(3);
    });
  });
}
