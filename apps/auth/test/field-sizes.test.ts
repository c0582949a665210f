import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Gender, UpdateUserRequest } from '@greencommerce/contracts';
import { findUserByEmail } from '@greencommerce/db';
import { sql } from 'kysely';
import { createTestAuth, expectError, postJson, registration, type TestAuth } from './support';

let auth: TestAuth;
let columnSize: Record<string, number>;
beforeAll(async () => {
  auth = await createTestAuth('auth_field_sizes');
  // The sizes the migrations actually gave the columns on MariaDB, not a copy of them.
  const { rows } = await sql<{ name: string; size: number }>`
    SELECT COLUMN_NAME AS name, CHARACTER_MAXIMUM_LENGTH AS size FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL`.execute(auth.db);
  columnSize = Object.fromEntries(rows.map((r) => [r.name, Number(r.size)]));
});
afterAll(async () => {
  await auth.drop();
});

let seq = 0;
/** A valid value of exactly `length` characters for each text field a client writes, and its column. */
const textFields: Record<string, { column: string; value: (length: number) => string }> = {
  name: { column: 'name', value: (n) => 'é'.repeat(n) },
  lastName: { column: 'last_name', value: (n) => 'Ñ'.repeat(n) },
  email: {
    column: 'email',
    value: (n) => {
      const domain = `@x${seq++}.example.com`;
      return `${'a'.repeat(n - domain.length)}${domain}`;
    },
  },
  phoneNumber: { column: 'phone_number', value: (n) => '9'.repeat(n) },
};

describe('every field the contracts accept fits its column (MariaDB)', () => {
  for (const [field, { column, value }] of Object.entries(textFields)) {
    test(`register: ${field} at its column's size is stored whole; one more is a 400, not a database error`, async () => {
      const size = columnSize[column]!;
      expect(size).toBeGreaterThan(0);
      const fits = value(size);
      const email = field === 'email' ? fits : `fits.${field}.${seq++}@example.com`;
      const res = await postJson(auth.app, '/auth/register', registration(email, { [field]: fits }));
      expect(res.status).toBe(201);
      const row = await findUserByEmail(auth.db, email);
      expect(row?.[column as 'name']).toBe(fits);

      const over = await postJson(
        auth.app,
        '/auth/register',
        registration(`over.${field}.${seq++}@example.com`, { [field]: value(size + 1) }),
      );
      const error = await expectError(over, 400, 'VALIDATION_FAILED');
      expect(error.details?.map((d) => d.path)).toContain(field);
    });
  }

  test('gender: every accepted value fits', () => {
    for (const g of Gender.options) expect(g.length).toBeLessThanOrEqual(columnSize.gender!);
  });

  test('profile update (users service): the same limits, and the shipping address at its column size', () => {
    for (const [field, { column, value }] of Object.entries(textFields)) {
      expect(UpdateUserRequest.safeParse({ [field]: value(columnSize[column]!) }).success).toBe(true);
      expect(UpdateUserRequest.safeParse({ [field]: value(columnSize[column]! + 1) }).success).toBe(false);
    }
    const size = columnSize.shipping_address!;
    expect(UpdateUserRequest.safeParse({ shippingAddress: 'ü'.repeat(size) }).success).toBe(true);
    expect(UpdateUserRequest.safeParse({ shippingAddress: 'ü'.repeat(size + 1) }).success).toBe(false);
  });
});

describe('over-long identifiers never reach a column unhashed', () => {
  test('login with a 190-character email is a 400, one at the column size a 401', async () => {
    const long = `${'a'.repeat(178)}@example.com`;
    expect(long).toHaveLength(190);
    await expectError(
      await postJson(auth.app, '/auth/login', { email: long, password: 'pw' }),
      400,
      'VALIDATION_FAILED',
    );
    const atSize = textFields.email!.value(columnSize.email!);
    await expectError(await postJson(auth.app, '/auth/login', { email: atSize, password: 'pw' }), 401, 'UNAUTHORIZED');
  });

  test('a client address of any length (as a proxy wrote it) counts against its limit without a database error', async () => {
    const ip = `2001:db8::${'f'.repeat(1000)}`;
    const headers = { 'x-forwarded-for': ip };
    const login = await postJson(auth.app, '/auth/login', { email: 'nobody@example.com', password: 'pw' }, headers);
    await expectError(login, 401, 'UNAUTHORIZED');
    const reg = await postJson(auth.app, '/auth/register', registration(`ip.${seq++}@example.com`), headers);
    expect(reg.status).toBe(201);
  });
});
