import { describe, expect, test } from 'bun:test';
import { ErrorBody, RegisterRequest, UpdateUserRequest, UserInfo } from '../src/index';

const original = {
  name: 'Ana',
  lastName: 'Pérez',
  dayBirth: '29',
  monthBirth: '2',
  yearBirth: '2000',
  gender: 'Mujer' as const,
  phoneNumber: '099-123 4567',
  email: '  Ana@Example.COM ',
  password: 'password1',
};

describe('contracts (pure logic)', () => {
  test('register: the original client payload normalises to numbers, digits and a lower-case email', () => {
    expect(RegisterRequest.parse(original)).toEqual({
      ...original,
      dayBirth: 29,
      monthBirth: 2,
      yearBirth: 2000,
      phoneNumber: '0991234567',
      email: 'ana@example.com',
    });
  });

  test('register: 29 February only in leap years; numbers work as well as strings', () => {
    expect(RegisterRequest.safeParse({ ...original, yearBirth: 2001 }).success).toBe(false);
    expect(RegisterRequest.safeParse({ ...original, dayBirth: 28, monthBirth: 2, yearBirth: 2001 }).success).toBe(true);
  });

  test('register: numeric-looking but not whole-number strings are refused', () => {
    for (const dayBirth of ['', ' ', '1e1', '0x1', '15.5', '-1']) {
      expect(RegisterRequest.safeParse({ ...original, dayBirth }).success).toBe(false);
    }
  });

  test('update: everything optional, unknown fields dropped, empty password ignored', () => {
    expect(UpdateUserRequest.parse({})).toEqual({});
    expect(UpdateUserRequest.parse({ profileImage: 'x', password: '', extra: 1, shippingAddress: null })).toEqual({
      shippingAddress: null,
    });
  });

  test('the error shape and the original user info shape', () => {
    expect(ErrorBody.safeParse({ error: { code: 'NOT_FOUND', message: 'x', requestId: 'r' } }).success).toBe(true);
    expect(ErrorBody.safeParse({ error: 'Missing file or userId' }).success).toBe(false);
    expect(Object.keys(UserInfo.shape).sort()).toEqual(
      [
        'name',
        'lastName',
        'dayBirth',
        'monthBirth',
        'yearBirth',
        'gender',
        'phoneNumber',
        'email',
        'profileImage',
        'shippingAddress',
        // Added since: the account's mail settings (issue 13).
        'emailVerified',
        'notifications',
        'role',
      ].sort(),
    );
  });
});
