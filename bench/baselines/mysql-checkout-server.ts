// Baseline for checkout: a bare Bun server with mysql2 doing the checkout's core transaction (reserve
// each line's stock with `stock >= n`, insert the order and its lines) with the same pool size, and
// nothing else: no token, cart, idempotency key, re-pricing, events, payment or framework.
import { createPool, type ResultSetHeader } from 'mysql2/promise';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const products = (process.env.PRODUCT_IDS ?? '').split(',').map(Number);

Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: async (req) => {
    if (req.method !== 'POST') return new Response('ok');
    const { userId } = (await req.json()) as { userId: number };
    const conn = await pool.getConnection();
    try {
      await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await conn.beginTransaction();
      for (const id of products) {
        const [r] = await conn.execute<ResultSetHeader>(
          'UPDATE products SET stock = stock - 1, version = version + 1 WHERE id = ? AND stock >= 1',
          [id],
        );
        if (r.affectedRows === 0) {
          await conn.rollback();
          return new Response('short', { status: 409 });
        }
      }
      const id = Bun.randomUUIDv7();
      const now = new Date();
      await conn.execute(
        `INSERT INTO orders (id, user_id, status, currency, subtotal_minor, shipping_minor, total_minor,
          customer_name, customer_email, shipping_address, payment_provider, expires_at, created_at, updated_at)
         VALUES (?, ?, 'pending_payment', 'USD', 2000, 495, 2495, 'Bench', 'bench@example.com', '{}', 'test', ?, ?, ?)`,
        [id, userId, new Date(now.getTime() + 1_800_000), now, now],
      );
      await conn.query(
        'INSERT INTO order_lines (order_id, position, product_id, slug, name, unit_price_minor, quantity, line_total_minor) VALUES ?',
        [products.map((p, i) => [id, i, p, `p${p}`, `Product ${p}`, 1000, 1, 1000])],
      );
      await conn.commit();
      return Response.json({ id }, { status: 201 });
    } catch (err) {
      await conn.rollback().catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  },
});
