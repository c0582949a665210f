import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { deleteUser } from '@greencommerce/db';
import { type DomainEvent, enqueueEvent } from '@greencommerce/events';
import { afterQuery, selectsFrom } from '@greencommerce/testing';
import { orderConsumers } from '../src/consumers';
import {
  checkoutBody,
  createApp,
  createTestOrders,
  DB_KINDS,
  expectError,
  fillCart,
  insertProduct,
  stockOf,
  type TestOrders,
} from './support';

/**
 * A checkout and the deletion of its account, racing. The users app deletes the account and
 * enqueues UserDeleted in one transaction; the orders' consumer then erases the account's orders,
 * deletes its stored checkout responses and cancels what still waits for payment. Whatever the
 * interleaving, no order may be left live for the deleted account: pending (stock held) or with
 * its name, email or address.
 */
for (const kind of DB_KINDS) {
  describe(`checkout racing the account's deletion (${kind})`, () => {
    let t: TestOrders;
    beforeAll(async () => {
      t = await createTestOrders('orders_deletion', kind);
    }, 60_000);
    afterAll(() => t.drop());

    /** What the users app does, then what the orders' consumer does when the event reaches it. */
    const deleteAccount = async (userId: number) => {
      await t.db.transaction().execute(async (trx) => {
        await deleteUser(trx, userId);
        await enqueueEvent(trx, 'UserDeleted', { userId });
      });
      const [consumer] = orderConsumers();
      if (!consumer) throw new Error('no orders consumer');
      await t.db
        .transaction()
        .execute((trx) => consumer.handler(trx, { event: 'UserDeleted', data: { userId } } as unknown as DomainEvent));
    };

    /** The account's orders that are still live: pending payment, or with personal data. */
    const liveOrders = async (userId: number) =>
      t.db
        .selectFrom('orders')
        .select(['id', 'status', 'customer_email'])
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('status', '=', 'pending_payment'), eb('personal_data_erased_at', 'is', null)]))
        .execute();

    test('the account deleted and its UserDeleted handled while the checkout runs: no live order is left', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 2 }]);
      let deletion: Promise<void> | undefined;
      // Right after the checkout locked the cart (on MySQL, by the statement that holds the account
      // too): the account is deleted and the event handled. Not awaited here: a deletion made to wait
      // for the checkout's commit would wait for this hook.
      const db = afterQuery(t.db, selectsFrom(kind === 'mysql' ? 'users' : 'carts'), async () => {
        if (deletion) return;
        deletion = deleteAccount(u.id);
        // Time for a deletion that nothing holds back to finish before the order is written.
        await Bun.sleep(200);
      });
      const res = await createApp({ ...t.deps, db }).request('/checkout', {
        method: 'POST',
        headers: { ...u.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(checkoutBody()),
      });
      expect(deletion).toBeDefined();
      await deletion;
      // Placed before the deletion (then erased and cancelled by its event: 201, or 409 when the
      // cancel came before its payment was started, which is then cancelled), or refused after it.
      expect([201, 401, 409]).toContain(res.status);
      expect(await liveOrders(u.id)).toEqual([]);
      expect(await stockOf(t.db, p)).toBe(4);
      expect(
        await t.db.selectFrom('idempotency_keys').select('idem_key').where('user_id', '=', u.id).execute(),
      ).toEqual([]);
    });

    test('a token that outlives its deleted account places nothing: 401, no order, stock untouched', async () => {
      const u = await t.user();
      const p = await insertProduct(t.db, { stock: 4 });
      await fillCart(t.db, u.id, [{ productId: p, quantity: 1 }]);
      await deleteAccount(u.id);
      const key = crypto.randomUUID();
      await expectError(await t.checkout(u.headers, key), 401, 'UNAUTHORIZED');
      expect(await t.db.selectFrom('orders').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
      expect(await stockOf(t.db, p)).toBe(4);
      // Nothing was stored under the key: a replay is refused the same way.
      await expectError(await t.checkout(u.headers, key), 401, 'UNAUTHORIZED');
    });

    test('twelve shoppers checking out while their accounts are deleted: every order erased and cancelled, all stock back', async () => {
      const p = await insertProduct(t.db, { stock: 100 });
      const users = await Promise.all(Array.from({ length: 12 }, () => t.user()));
      for (const u of users) await fillCart(t.db, u.id, [{ productId: p, quantity: 3 }]);
      // The deletion starting a little before the checkout, with it, or a little after it.
      const offsets = [-30, -15, -8, -2, 0, 2, 8, 15];
      const results = await Promise.all(
        users.map(async (u, i) => {
          const offset = offsets[i % offsets.length] ?? 0;
          const later = async <T>(ms: number, f: () => Promise<T>) => {
            await Bun.sleep(ms);
            return f();
          };
          const [res] = await Promise.all([
            later(Math.max(0, -offset), async () => t.checkout(u.headers)),
            later(Math.max(0, offset), () => deleteAccount(u.id)),
          ]);
          return res.status;
        }),
      );
      for (const status of results) expect([201, 401]).toContain(status);
      for (const u of users) expect(await liveOrders(u.id)).toEqual([]);
      expect(await stockOf(t.db, p)).toBe(100);
      const cancelled = await t.db
        .selectFrom('orders')
        .select('status')
        .where(
          'user_id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
      expect(cancelled.length).toBe(results.filter((s) => s === 201).length);
      expect(cancelled.every((o) => o.status === 'cancelled')).toBe(true);
    });
  });
}
