// Baseline for the cart: a bare Bun server with mysql2 doing the reads and writes the cart service
// does for GET /cart and POST /cart/items (same statements, same transaction and row lock, same
// pool size), without the framework, validation, token check or logging.
import { createPool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const userId = Number(process.env.USER_ID);
type Q = Pick<PoolConnection, 'execute' | 'query'>;

async function view(q: Q, cart: RowDataPacket) {
  const [items] = await q.execute<RowDataPacket[]>(
    'SELECT * FROM cart_items WHERE cart_id = ? ORDER BY added_at, product_id',
    [cart.id],
  );
  const ids = items.map((i) => i.product_id);
  const [products] = ids.length
    ? await q.query<RowDataPacket[]>('SELECT * FROM products WHERE id IN (?)', [ids])
    : [[] as RowDataPacket[]];
  const byId = new Map(products.map((p) => [p.id, p]));
  let subtotal = 0;
  const lines = items.map((i) => {
    const p = byId.get(i.product_id)!;
    const minor = p.price_minor * i.quantity;
    const available = p.archived_at === null && p.stock >= i.quantity;
    if (available) subtotal += minor;
    return {
      productId: i.product_id,
      slug: p.slug,
      name: p.name,
      image: p.image_url,
      unitPrice: p.price_minor / 100,
      quantity: i.quantity,
      lineTotal: minor / 100,
      available,
      availableQuantity: Math.min(p.stock, 99),
      priceChanged: p.price_minor !== i.unit_price_minor,
    };
  });
  return { id: cart.id, items: lines, subtotal: subtotal / 100, currency: items[0]?.currency ?? null };
}

const userCart = async () =>
  (await pool.execute<RowDataPacket[]>('SELECT * FROM carts WHERE active_user_id = ?', [userId]))[0][0]!;

Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: async (req) => {
    if (req.method === 'GET') return Response.json(await view(pool, await userCart()));
    const { productId, quantity } = (await req.json()) as { productId: number; quantity: number };
    const cart = await userCart();
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.execute('SELECT * FROM carts WHERE id = ? FOR UPDATE', [cart.id]);
      await conn.execute('UPDATE carts SET updated_at = ? WHERE id = ?', [new Date(), cart.id]);
      await conn.execute('SELECT * FROM products WHERE id = ?', [productId]);
      const [items] = await conn.execute<RowDataPacket[]>(
        'SELECT * FROM cart_items WHERE cart_id = ? ORDER BY added_at, product_id',
        [cart.id],
      );
      const held = items.find((i) => i.product_id === productId)?.quantity ?? 0;
      await conn.execute('UPDATE cart_items SET quantity = ? WHERE cart_id = ? AND product_id = ?', [
        held + quantity,
        cart.id,
        productId,
      ]);
      const body = await view(conn, cart);
      await conn.commit();
      return Response.json(body);
    } catch (err) {
      await conn.rollback();
      throw err;
    } finally {
      conn.release();
    }
  },
});
