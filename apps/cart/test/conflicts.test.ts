import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Db, deleteCartsOfUser, deleteUser, findActiveUserCart, markCartCheckedOut } from '@greencommerce/db';
import { enqueueEvent } from '@greencommerce/events';
import { afterQuery, selectsFrom } from '@greencommerce/testing';
import { createApp, createTestCart, DB_KINDS, expectError, insertProduct, type TestCart } from './support';

type Hook = (n: number) => Promise<void>;

/**
 * The database with a hook before each transaction starts (the n-th, from 1): a hook that throws
 * stands for the server rolling the transaction back, one that writes for a request racing it.
 */
function hooked(db: Db, hook: Hook): Db {
  let n = 0;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => ({
          execute: async (fn: never) => {
            await hook(++n);
            return target.transaction().execute(fn);
          },
        });
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** What mysql2 rejects with when InnoDB picks the transaction as a deadlock victim, or a lock wait times out. */
const serverError = (errno: number) =>
  Object.assign(new Error(errno === 1213 ? 'Deadlock found when trying to get lock' : 'Lock wait timeout exceeded'), {
    errno,
    code: errno === 1213 ? 'ER_LOCK_DEADLOCK' : 'ER_LOCK_WAIT_TIMEOUT',
  });

for (const kind of DB_KINDS) {
  describe(`lock races on ${kind}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`conflicts_${kind}`, kind);
    });
    afterAll(async () => {
      await t.drop();
    });

    const appWith = (hook: Hook) => {
      const app = createApp({ ...t.deps, db: hooked(t.db, hook) });
      return (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
        app.request(path, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
    };

    test('a deadlock is retried; a lock wait timeout is a 503 at once (a retry would wait the whole timeout again)', async () => {
      const guest = await t.guest();
      const p = await insertProduct(t.db);
      let tries = 0;
      const deadlocks = appWith(async (n) => {
        tries = n;
        if (n <= 2) throw serverError(1213);
      });
      const res = await deadlocks('POST', '/cart/items', guest, { productId: p, quantity: 2 });
      expect(res.status).toBe(200);
      expect((await res.json()).items).toHaveLength(1);
      expect(tries).toBe(3);
      const timeouts = appWith(async (n) => {
        tries = n;
        throw serverError(1205);
      });
      await expectError(
        await timeouts('POST', '/cart/items', guest, { productId: p, quantity: 1 }),
        503,
        'SERVICE_UNAVAILABLE',
      );
      expect(tries).toBe(1);
    });

    test('a transaction that keeps losing lock races is a 503 in the one error shape, never a 500', async () => {
      const guest = await t.guest();
      const u = await t.user();
      const p = await insertProduct(t.db);
      for (const errno of [1213, 1205]) {
        const call = appWith(async () => {
          throw serverError(errno);
        });
        await expectError(
          await call('POST', '/cart/items', guest, { productId: p, quantity: 1 }),
          503,
          'SERVICE_UNAVAILABLE',
        );
        await expectError(await call('DELETE', '/cart', u.headers), 503, 'SERVICE_UNAVAILABLE');
        await expectError(await call('POST', '/cart/merge', { ...u.headers, ...guest }), 503, 'SERVICE_UNAVAILABLE');
      }
      // Nothing was written by the failed calls; the guest cart is still there to merge.
      expect((await (await t.call('GET', '/cart', guest)).json()).items).toEqual([]);
    });

    test("a merge racing the close of the user's cart (checkout, the sweeper) lands in their next cart, not a 404", async () => {
      const u = await t.user();
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 5 });
      expect((await t.call('POST', '/cart/items', guest, { productId: p, quantity: 2 })).status).toBe(200);
      const before = (await (await t.call('GET', '/cart', u.headers)).json()).id as string;
      const call = appWith(async (n) => {
        // Between the merge reading the user's cart and locking it, checkout closes that cart.
        if (n === 1) await markCartCheckedOut(t.db, before);
      });
      const res = await call('POST', '/cart/merge', { ...u.headers, ...guest });
      expect(res.status).toBe(200);
      const { cart } = await res.json();
      expect(cart.id).not.toBe(before);
      expect(cart.id).toBe((await findActiveUserCart(t.db, u.id))?.id);
      expect(cart.items.map((i: { productId: number; quantity: number }) => [i.productId, i.quantity])).toEqual([
        [p, 2],
      ]);
      // And a retry answers the same.
      const again = await t.call('POST', '/cart/merge', { ...u.headers, ...guest });
      expect(again.status).toBe(200);
      expect((await again.json()).cart.id).toBe(cart.id);
    });

    test("a merge racing the sweeper deleting the user's empty cart lands in a new cart, not a 404", async () => {
      const u = await t.user();
      const guest = await t.guest();
      const p = await insertProduct(t.db, { stock: 5 });
      expect((await t.call('POST', '/cart/items', guest, { productId: p, quantity: 1 })).status).toBe(200);
      const before = (await (await t.call('GET', '/cart', u.headers)).json()).id as string;
      const call = appWith(async (n) => {
        if (n === 1) await t.db.deleteFrom('carts').where('id', '=', before).execute();
      });
      const res = await call('POST', '/cart/merge', { ...u.headers, ...guest });
      expect(res.status).toBe(200);
      expect((await res.json()).cart.items).toHaveLength(1);
    });
  });
}

for (const kind of DB_KINDS) {
  describe(`account deletion racing a first use on ${kind}`, () => {
    let t: TestCart;
    beforeAll(async () => {
      t = await createTestCart(`deletion_race_${kind}`, kind);
    });
    afterAll(async () => {
      await t.drop();
    });

    test('a cart made while the account is deleted and its UserDeleted handled is not left behind', async () => {
      const u = await t.user();
      let deletion: Promise<void> | undefined;
      // Right after the first use read the account: the users app deletes it (its UserDeleted
      // enqueued in the same transaction) and the cart's consumer handles the event. Not awaited
      // here: with the account held, the deletion has to wait for the cart to commit.
      const db = afterQuery(t.db, selectsFrom('users'), async () => {
        if (deletion) return;
        deletion = (async () => {
          await t.db.transaction().execute(async (trx) => {
            await deleteUser(trx, u.id);
            await enqueueEvent(trx, 'UserDeleted', { userId: u.id });
          });
          await t.db.transaction().execute((trx) => deleteCartsOfUser(trx, u.id));
        })();
        // Time for a deletion that is not held back to finish before the cart is written.
        await Bun.sleep(200);
      });
      const res = await createApp({ ...t.deps, db }).request('/cart', { headers: u.headers });
      expect(deletion).toBeDefined();
      await deletion;
      // Made before the deletion (then removed by its event) or refused after it: never left behind.
      expect([200, 401]).toContain(res.status);
      expect(await t.db.selectFrom('carts').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
      expect((await t.call('GET', '/cart', u.headers)).status).toBe(401);
    });
  });
}
