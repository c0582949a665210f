import { expect } from 'bun:test';
import { type Db, insertUser } from '@greencommerce/db';
import { tokenFor } from './tokens';

let seq = 0;
export const uniqueEmail = (tag = 'user') => `${tag}.${process.pid}.${Date.now()}.${seq++}@example.com`;

/** What the original web client sends: day, month and year as strings. */
export const registration = (email: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Ana',
  lastName: 'Pérez',
  dayBirth: '15',
  monthBirth: '2',
  yearBirth: '1990',
  gender: 'Mujer',
  phoneNumber: '0991234567',
  email,
  password: 'correct horse battery',
  ...overrides,
});

/** An app in-process (Hono's `request`) or a running service (`httpClient`): tests talk to either alike. */
export type Client = { request: (path: string, init: RequestInit) => Response | Promise<Response> };

/** A running service at `base`, as a Client. */
export const httpClient = (base: string): Client => ({ request: (path, init) => fetch(`${base}${path}`, init) });

export const postJson = (app: Client, path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Registers through the auth API and logs in: a real session. */
export async function registerAndLogin(app: Client, email = uniqueEmail()) {
  const reg = await postJson(app, '/auth/register', registration(email));
  expect(reg.status).toBe(201);
  const login = await postJson(app, '/auth/login', { email, password: 'correct horse battery' });
  expect(login.status).toBe(200);
  return { email, ...(await login.json()) } as {
    email: string;
    token: string;
    refreshToken: string;
    expiresIn: number;
  };
}

/** A user row written straight to the database, with `id` when given (the email is unique either way). */
export const insertAccount = (db: Db, email: string, id?: number) =>
  insertUser(db, {
    ...(id !== undefined && { id }),
    name: 'Ana',
    last_name: 'Pérez',
    day_birth: 15,
    month_birth: 2,
    year_birth: 1990,
    gender: 'Mujer',
    phone_number: '0991234567',
    email,
    password: 'not-used-here',
  });

/** A user row written straight to the database, plus an access token for it. */
export async function newUser(db: Db) {
  const email = uniqueEmail();
  const id = await insertAccount(db, email);
  return { id, email, token: await tokenFor(id, email) };
}
