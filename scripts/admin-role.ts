// `npm run admin:grant -- <email>` / `npm run admin:revoke -- <email>`: makes an existing account an
// admin, or a customer again, on the database the services use (DATABASE_URL, or the embedded
// default when it is unset). The only way to grant admin: no HTTP endpoint can. Access tokens carry
// the role from the account's next login or refresh; one already issued keeps its roles until it expires.
import { existsSync } from 'node:fs';
import { accountRole, type Role } from '@greencommerce/contracts';
import { databaseEnv, databaseOptions, dbKind, findUserByEmail, openDatabase, updateUser } from '@greencommerce/db';
import { z } from 'zod';

const commands = { grant: 'admin', revoke: 'customer' } as const satisfies Record<string, Role>;
type Command = keyof typeof commands;

const [command, ...args] = process.argv.slice(2);
if (!(command && command in commands) || args.length !== 1 || !args[0]?.trim()) {
  fail('usage: npm run admin:grant -- <email>   |   npm run admin:revoke -- <email>', 2);
}
const name = `admin:${command}`;
const role = commands[command as Command];
// As login reads it: the stored address is lower-case.
const email = (args[0] as string).trim().toLowerCase();

// The services' own database variables and defaults; `NAME=` counts as unset, as in their env.ts.
const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
const env = z.object(databaseEnv).safeParse(set);
if (!env.success)
  fail(
    `${name}: invalid configuration: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
const options = databaseOptions(env.data);
const mysql = dbKind(options.url) === 'mysql';
// Named without its credentials.
const where = mysql ? mysqlName(options.url) : options.url.replace(/^sqlite:(\/\/)?/i, '');

// Opening a missing embedded file would create an empty database just to find no account in it.
if (!mysql && !existsSync(where)) {
  fail(`${name}: no embedded database at ${where}: start the platform (npm start) and register ${email} first`);
}

const db = await openDatabase({ ...options, poolSize: 1 });
try {
  const user = await findUserByEmail(db, email);
  if (!user) fail(`${name}: no account with email ${email} in ${where}; register it first`);
  if (accountRole(user.role) === role) {
    console.log(`${name}: ${email} is already ${article(role)}; nothing changed`);
  } else {
    await updateUser(db, user.id, { role });
    console.log(
      `${name}: ${email} is now ${article(role)}; access tokens carry it from the account's next login or token refresh`,
    );
  }
} catch (err) {
  // A refused connection or a database not yet migrated (npm run migrate): say which, no stack.
  fail(`${name}: failed on ${where}: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await db.destroy();
}

function mysqlName(url: string) {
  const u = new URL(url);
  return `MySQL database ${u.pathname.slice(1)} on ${u.host}`;
}

function article(r: Role) {
  return r === 'admin' ? 'an admin' : 'a customer';
}

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}
