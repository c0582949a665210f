import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { findUserById, insertRefreshToken, pendingOutboxRows, updateUser } from '@greencommerce/db';
import { adminTokenFor } from '@greencommerce/testing';
import { png } from '@greencommerce/testing/images';
import { createTestUsers, expectError, imageFile, newUser, type TestUsers, tokenFor, uploadRequest } from './support';

let u: TestUsers;
beforeAll(async () => {
  u = await createTestUsers('users_profile');
});
afterAll(async () => {
  await u.drop();
});

const get = (token?: string) =>
  u.app.request('/user/info', { headers: token ? { authorization: `Bearer ${token}` } : {} });
const put = (token: string, body: unknown) =>
  u.app.request('/user/update', {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const del = (token: string) =>
  u.app.request('/user', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
const eventsFor = async (userId: number, event: string) =>
  (await pendingOutboxRows(u.db, 10_000))
    .map((r) => JSON.parse(r.payload))
    .filter((e) => e.data.userId === userId && e.event === event);

describe('GET /user/info', () => {
  test('returns exactly the original shape for the token subject', async () => {
    const user = await newUser(u.db);
    const res = await get(user.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: 'Ana',
      lastName: 'Pérez',
      dayBirth: 15,
      monthBirth: 2,
      yearBirth: 1990,
      gender: 'Mujer',
      phoneNumber: '0991234567',
      email: user.email,
      profileImage: null,
      role: 'customer',
      shippingAddress: null,
      emailVerified: false,
      notifications: { marketing: true },
    });
  });

  test("role is the account's, from users.role: admin once granted, customer again once revoked", async () => {
    const user = await newUser(u.db);
    await updateUser(u.db, user.id, { role: 'admin' });
    expect((await (await get(user.token)).json()).role).toBe('admin');
    await updateUser(u.db, user.id, { role: 'customer' });
    expect((await (await get(user.token)).json()).role).toBe('customer');
  });

  test('profileImage is a URL that loads after an upload', async () => {
    const user = await newUser(u.db);
    await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }));
    const { profileImage } = await (await get(user.token)).json();
    const img = await fetch(profileImage);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
  });

  test('401 without, with a forged, or with an expired token; 404 once the user is gone', async () => {
    await expectError(await get(), 401, 'UNAUTHORIZED');
    await expectError(await get('abc.def.ghi'), 401, 'UNAUTHORIZED');
    await expectError(
      await get(await tokenFor(1, 'x@y.z', { exp: Math.floor(Date.now() / 1000) - 60 })),
      401,
      'UNAUTHORIZED',
    );
    await expectError(await get(await tokenFor(987654321)), 404, 'NOT_FOUND');
  });
});

describe('PUT /user/update', () => {
  test('cannot make anyone an admin: role (in any spelling) is ignored, even with an admin token', async () => {
    const user = await newUser(u.db);
    for (const token of [user.token, await adminTokenFor(user.id, user.email)]) {
      const res = await put(token, { role: 'admin', roles: ['admin'], isAdmin: true, name: 'Ana' });
      expect(res.status).toBe(200);
      expect((await res.json()).role).toBe('customer');
    }
    expect((await findUserById(u.db, user.id))?.role).toBe('customer');
  });

  test('accepts the original client form state: extra fields and an empty password are ignored', async () => {
    const user = await newUser(u.db);
    const res = await put(user.token, {
      name: 'Ana María',
      lastName: 'Pérez',
      dayBirth: '15',
      monthBirth: '2',
      yearBirth: '1990',
      gender: 'Mujer',
      phoneNumber: '0991234567',
      email: user.email,
      profileImage: 'http://old/url.png',
      password: '',
      shippingAddress: 'Av. Amazonas 123, Quito',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Ana María', shippingAddress: 'Av. Amazonas 123, Quito' });
    expect(await eventsFor(user.id, 'UserUpdated')).toEqual([
      expect.objectContaining({ data: { userId: user.id, changedFields: ['name', 'shippingAddress'] } }),
    ]);
  });

  test('a non-empty password is a 400 pointing at POST /auth/password, and changes nothing', async () => {
    const user = await newUser(u.db);
    const err = await expectError(
      await put(user.token, { name: 'Changed', password: 'newpassword' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(err.details?.[0]?.message).toContain('/auth/password');
    expect((await findUserById(u.db, user.id))?.name).toBe('Ana');
  });

  test('validates like registration, including a partial date merged with the stored one', async () => {
    const user = await newUser(u.db);
    await expectError(await put(user.token, { phoneNumber: 'abc' }), 400, 'VALIDATION_FAILED');
    await expectError(await put(user.token, { email: 'nope' }), 400, 'VALIDATION_FAILED');
    // Stored: 15 February. Day 30 alone makes 30 February.
    const err = await expectError(await put(user.token, { dayBirth: 30 }), 400, 'VALIDATION_FAILED');
    expect(err.details?.[0]?.path).toBe('dayBirth');
    expect((await findUserById(u.db, user.id))?.day_birth).toBe(15);
  });

  test('changing the email to a taken one is 409; to a free one works', async () => {
    const a = await newUser(u.db);
    const b = await newUser(u.db);
    await expectError(await put(a.token, { email: b.email.toUpperCase() }), 409, 'CONFLICT');
    const fresh = `fresh.${a.id}@example.com`;
    expect((await put(a.token, { email: fresh })).status).toBe(200);
    expect((await findUserById(u.db, a.id))?.email).toBe(fresh);
  });

  // Accounts moving to one address at once (and back to their own) lock entries of the users' email
  // index in opposite orders: InnoDB picks one as a deadlock's victim (~1% of such changes answered 500
  // until 2026-12-03 18:00 UTC). That transaction, undone whole, runs again; the others get their 409.
  test('64 accounts changing to one address and back, back to back on MariaDB: 200 or 409, never a 5xx', async () => {
    const many = await createTestUsers('users_email_stream', { emailChangeLimit: 1e9 });
    try {
      const users = await Promise.all(Array.from({ length: 64 }, () => newUser(many.db)));
      const shared = `shared-${users[0]?.id}@example.com`;
      const counts: Record<number, number> = {};
      let left = 3200;
      await Promise.all(
        users.map(async (user, i) => {
          for (let n = i; left-- > 0; n++) {
            const res = await many.app.request('/user/update', {
              method: 'PUT',
              headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ email: n % 2 ? shared : user.email }),
            });
            counts[res.status] = (counts[res.status] ?? 0) + 1;
          }
        }),
      );
      expect(Object.keys(counts).sort()).toEqual(['200', '409']);
    } finally {
      await many.drop();
    }
  }, 60_000);

  test('no change writes no event', async () => {
    const user = await newUser(u.db);
    expect((await put(user.token, { name: 'Ana' })).status).toBe(200);
    expect(await eventsFor(user.id, 'UserUpdated')).toEqual([]);
  });
});

describe('DELETE /user', () => {
  test('removes profile, credentials, refresh tokens and images, and emits UserDeleted', async () => {
    const user = await newUser(u.db);
    await u.app.request(uploadRequest(user.token, { image: imageFile(png()) }));
    await insertRefreshToken(u.db, {
      id: crypto.randomUUID(),
      user_id: user.id,
      family_id: 'f',
      token_hash: 'a'.repeat(64),
      expires_at: new Date(Date.now() + 60_000),
    });
    expect((await u.storage.list(`users/${user.id}/`)).length).toBe(1);
    const res = await del(user.token);
    expect(res.status).toBe(200);
    expect(await findUserById(u.db, user.id)).toBeUndefined();
    expect(await u.db.selectFrom('refresh_tokens').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
    expect(await u.storage.list(`users/${user.id}/`)).toEqual([]);
    expect(await eventsFor(user.id, 'UserDeleted')).toHaveLength(1);
    // The old access token still verifies but finds nobody.
    await expectError(await get(user.token), 404, 'NOT_FOUND');
    await expectError(await del(user.token), 404, 'NOT_FOUND');
  });

  test('one user cannot delete another: the token decides', async () => {
    const a = await newUser(u.db);
    const b = await newUser(u.db);
    expect((await del(a.token)).status).toBe(200);
    expect(await findUserById(u.db, b.id)).toBeDefined();
  });
});
