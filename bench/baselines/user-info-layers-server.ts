// Steps between the bare lookup (mysql-pk-server.ts) and GET /user/info, measured over sockets like
// them, to show where the service's share of the machine goes:
// - LAYER=frame: the platform's HTTP frame (createBaseApp: hono, the request id, CORS and security
//   headers, the request's log line) around the bare mysql2 lookup;
// - LAYER=kysely: the same, the row read as the users service reads it (findUserById through Kysely
//   and the platform's pool).
// What GET /user/info adds on top: the bearer check (its verified-token cache), the OpenAPI route and
// the answer's mapping (toProfile).
import { createDb, findUserById } from '@greencommerce/db';
import { createBaseApp, loggerFromEnv } from '@greencommerce/http';
import { createPool } from 'mysql2/promise';

const url = process.env.DATABASE_URL ?? '';
const id = Number(process.env.USER_ID);
const layer = process.env.LAYER;
const read =
  layer === 'kysely'
    ? (() => {
        const db = createDb({ url });
        return () => findUserById(db, id);
      })()
    : (() => {
        const pool = createPool({ uri: url, connectionLimit: 10 });
        return async () => ((await pool.execute('SELECT * FROM users WHERE id = ?', [id]))[0] as unknown[])[0];
      })();
const logger = loggerFromEnv('users', { NODE_ENV: process.env.NODE_ENV ?? 'production' });
const app = createBaseApp({ logger, corsOrigins: ['http://localhost:3000'] });
app.get('/', async (c) => c.json((await read()) as object, 200));
Bun.serve({ port: Number(process.env.PORT), hostname: '127.0.0.1', reusePort: true, fetch: app.fetch });
