import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { acquireLease, releaseLease } from '@greencommerce/db';
import { sweepCartsOnce } from '../src/sweeper';
import { createTestCart, DB_KINDS, insertProduct, type TestCart } from './support';

const DAY = 86_400_000;

for (const kind of DB_KINDS) {
  describe(`the cart sweeper on ${kind}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`sweeper_${kind}`, kind);
    });
    afterAll(async () => {
      await t.drop();
    });

    const opts = { guestCartTtlDays: 30, emptyCartTtlHours: 24, batchSize: 2 };
    const age = async (headers: Record<string, string>, days: number) => {
      const id = (await (await t.call('GET', '/cart', headers)).json()).id as string;
      await t.db
        .updateTable('carts')
        .set({ updated_at: new Date(Date.now() - days * DAY) })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const exists = async (id: string) =>
      !!(await t.db.selectFrom('carts').select('id').where('id', '=', id).executeTakeFirst());

    test('idle guest carts and emptied carts go, in batches; live and filled carts stay', async () => {
      const p = await insertProduct(t.db);
      const filled = async (headers: Record<string, string>) =>
        expect((await t.call('POST', '/cart/items', headers, { productId: p, quantity: 1 })).status).toBe(200);
      const oldGuests = [];
      for (let i = 0; i < 5; i++) {
        const g = await t.guest();
        await filled(g);
        oldGuests.push(await age(g, 31));
      }
      const freshGuest = await t.guest();
      await filled(freshGuest);
      const freshGuestId = await age(freshGuest, 29);
      const emptyGuest = await age(await t.guest(), 2);
      const u1 = await t.user();
      const emptyUser = await age(u1.headers, 2);
      const u2 = await t.user();
      await filled(u2.headers);
      // A user's cart with lines is never idle-purged, however old.
      const oldFilledUser = await age(u2.headers, 400);
      const u3 = await t.user();
      const newEmptyUser = await age(u3.headers, 0);

      const deleted = await sweepCartsOnce({ db: t.db, holder: 'sweeper-a', ...opts });
      expect(deleted).toEqual({ guest: 5, empty: 2 });
      for (const id of oldGuests) expect(await exists(id)).toBe(false);
      expect(await exists(emptyGuest)).toBe(false);
      expect(await exists(emptyUser)).toBe(false);
      for (const id of [freshGuestId, oldFilledUser, newEmptyUser]) expect(await exists(id)).toBe(true);
      // Lines went with their carts.
      const orphans = await t.db.selectFrom('cart_items').select('cart_id').where('cart_id', 'in', oldGuests).execute();
      expect(orphans).toEqual([]);
      // A user whose empty cart was swept gets a new one on next use.
      expect((await t.call('GET', '/cart', u1.headers)).status).toBe(200);
    });

    test('nothing is swept under a lease another instance holds', async () => {
      const g = await t.guest();
      const id = await age(g, 60);
      await releaseLease(t.db, 'cart-sweeper', 'sweeper-a');
      expect(await acquireLease(t.db, 'cart-sweeper', 'sweeper-b', 60_000)).toBe(true);
      expect(await sweepCartsOnce({ db: t.db, holder: 'sweeper-c', ...opts })).toEqual({ guest: 0, empty: 0 });
      expect(await exists(id)).toBe(true);
      expect((await sweepCartsOnce({ db: t.db, holder: 'sweeper-b', ...opts })).guest).toBe(1);
      expect(await exists(id)).toBe(false);
    });
  });
}
