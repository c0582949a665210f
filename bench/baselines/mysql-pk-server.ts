// Baseline (b): the database ceiling for GET /user/info, a bare Bun server doing one mysql2
// prepared primary-key lookup per request on a pool of the same size as the service's.
import { createPool } from 'mysql2/promise';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const id = Number(process.env.USER_ID);
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: async () => {
    const [rows] = await pool.execute('SELECT * FROM users WHERE id = ?', [id]);
    return Response.json((rows as unknown[])[0]);
  },
});
