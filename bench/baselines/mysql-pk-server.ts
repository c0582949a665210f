// Baseline (b): the database ceiling for GET /user/info, a bare Bun server doing one mysql2
// prepared primary-key lookup per request on a pool of the same size as the service's.
// With PLATFORM_HEADERS=1 it also sends the headers every platform response carries (the security
// headers, CORS exposure and Vary, a new request id): the ceiling for a server that must send them.
import { createPool } from 'mysql2/promise';
import { corsPolicy, SECURITY_HEADERS } from '../../libs/http/src/response-headers';

const pool = createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10 });
const id = Number(process.env.USER_ID);
const platform = process.env.PLATFORM_HEADERS === '1';
const constant: [string, string][] = [
  ['Content-Type', 'application/json'],
  ...SECURITY_HEADERS.map(([name, value]): [string, string] => [name, value]),
  ['Access-Control-Expose-Headers', corsPolicy({ origins: [] }).exposeHeaders],
  ['Vary', 'Origin'],
];
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: async () => {
    const [rows] = await pool.execute('SELECT * FROM users WHERE id = ?', [id]);
    if (!platform) return Response.json((rows as unknown[])[0]);
    const headers = new Headers(constant);
    headers.set('X-Request-Id', crypto.randomUUID());
    return new Response(JSON.stringify((rows as unknown[])[0]), { headers });
  },
});
