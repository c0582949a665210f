// Baseline (c): the database ceiling for the catalog's reads, a bare Bun server running exactly the
// SQL the catalog ran for the same request (captured from it, with its parameters) through a mysql2
// prepared statement on a pool of the service's size, answering the rows as JSON.
// GET /list runs LIST_SQL; GET /one runs ONE_SQL; GET /search runs SEARCH_SQL.
import { createPool } from 'mysql2/promise';

type Query = { sql: string; parameters: unknown[] };
const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const list = JSON.parse(process.env.LIST_SQL ?? '{}') as Query;
const one = JSON.parse(process.env.ONE_SQL ?? '{}') as Query;
const search = JSON.parse(process.env.SEARCH_SQL ?? '{}') as Query;
const byPath: Record<string, Query> = { '/one': one, '/search': search };
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: async (req) => {
    const q = byPath[new URL(req.url).pathname] ?? list;
    const [rows] = await pool.execute(q.sql, q.parameters as never);
    return Response.json(rows);
  },
});
