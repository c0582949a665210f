import { registration } from '@greencommerce/testing';
// Generates hostile requests for every endpoint. Each case is a factory, since a Request body
// can be read only once.

/** `media` is the users app in embedded mode, which serves its local images at /media/*. */
export type Case = { name: string; app: 'auth' | 'users' | 'media'; endpoint: string; request: () => Request };

type Images = {
  png: (w?: number, h?: number, declared?: { width: number; height: number }) => Uint8Array<ArrayBuffer>;
  jpeg: (w?: number, h?: number) => Uint8Array<ArrayBuffer>;
  svg: () => Uint8Array<ArrayBuffer>;
  text: () => Uint8Array<ArrayBuffer>;
  polyglot: () => Uint8Array<ArrayBuffer>;
  bigJpeg: (size: number) => Uint8Array<ArrayBuffer>;
};

export type CorpusInput = {
  authToken: string;
  usersToken: string;
  userId: number;
  otherUserId: number;
  forgedTokens: string[];
  images: Images;
};

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

const MALFORMED_JSON = [
  '{',
  '{"email": }',
  "{'email': 'a@b.co'}",
  '{"email": "a@b.co",}',
  'NaN',
  '\u0000',
  '{"email": "a@b.co"} trailing',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '{"email": 1e999999, "name": 1e999999}',
  '',
];

const NOT_OBJECTS = ['[]', 'null', 'true', '42', '"string"'];

const WRONG_TYPES: unknown[] = [null, true, 12345, [], {}, { $gt: '' }, ['a@b.co']];

const SQLISH = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; SELECT SLEEP(10)',
  '\\x27 UNION SELECT password FROM users --',
];

const UNICODE = ['\u0000', 'a\ud800b', '\udfff', '\u0007bell', 'x\u001b[31mred'];

const validRegistration = registration('corpus@example.com');

/** An address of exactly `length` characters: past users.email (100) and past rate_limits.bucket_key (200) with its prefix. */
export const longEmail = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;

/** Values one past (or far past) the column that would hold them. */
const OVER_LONG: [field: string, value: string][] = [
  ...[101, 190, 255].map((n) => ['email', longEmail(n)] as [string, string]),
  ['name', 'N'.repeat(101)],
  ['lastName', 'L'.repeat(101)],
  ['name', 'ñ'.repeat(101)],
  ['phoneNumber', '09912345678'],
  ['phoneNumber', '0'.repeat(1000)],
  ['gender', 'Mujer'.repeat(3)],
  ['password', 'p'.repeat(129)],
  ['password', 'p'.repeat(100_000)],
];

/** NUL bytes inside otherwise valid values. */
const WITH_NUL: [field: string, value: string][] = [
  ['name', 'Ana\u0000'],
  ['lastName', '\u0000Pérez'],
  ['email', 'ana\u0000@example.com'],
  ['email', 'ana@example.com\u0000'],
  ['phoneNumber', '099123\u00004567'],
  ['gender', 'Mujer\u0000'],
  ['dayBirth', '1\u00005'],
];

/** Paths under /media/ as a client could spell them: broken escapes, encoded NULs and traversal. */
export const MEDIA_PATHS = [
  '/media/100%',
  '/media/%E0%A4%A',
  '/media/%',
  '/media/%zz',
  '/media/a%00b',
  '/media/users/1/%00.png',
  '/media/..%2f..%2fetc%2fpasswd',
  '/media/%2e%2e/%2e%2e/etc/passwd',
  '/media/..%5c..%5cetc%5cpasswd',
  '/media/%252e%252e%252fetc%252fpasswd',
  '/media/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '/media/users/../../../etc/passwd',
  '/media/%2fetc%2fpasswd',
  `/media/${'a'.repeat(5000)}`,
  '/media/',
];

function json(method: string, url: string, body: string, headers: Record<string, string> = {}) {
  return () => new Request(url, { method, headers: { 'content-type': 'application/json', ...headers }, body });
}

function multipart(url: string, token: string | null, fields: Record<string, Blob | string>) {
  return () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return new Request(url, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  };
}

function rawMultipart(url: string, token: string, contentType: string, body: string | Uint8Array<ArrayBuffer>) {
  return () =>
    new Request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
}

export function corpus(input: CorpusInput): Case[] {
  const cases: Case[] = [];
  const add = (app: Case['app'], endpoint: string, name: string, request: () => Request) =>
    cases.push({ app, endpoint, name: `${endpoint}: ${name}`, request });
  const A = 'http://auth.test';
  const U = 'http://users.test';
  const bearer = { authorization: `Bearer ${input.authToken}` };
  const usersBearer = { authorization: `Bearer ${input.usersToken}` };

  const jsonEndpoints = [
    { app: 'auth' as const, method: 'POST', path: '/auth/register', headers: {}, valid: validRegistration },
    {
      app: 'auth' as const,
      method: 'POST',
      path: '/auth/login',
      headers: {},
      valid: { email: 'corpus@example.com', password: 'x' },
    },
    { app: 'auth' as const, method: 'POST', path: '/auth/refresh', headers: {}, valid: { refreshToken: 'unknown' } },
    { app: 'auth' as const, method: 'POST', path: '/auth/logout', headers: {}, valid: { refreshToken: 'unknown' } },
    {
      app: 'auth' as const,
      method: 'POST',
      path: '/auth/password',
      headers: bearer,
      valid: { currentPassword: 'wrong current', newPassword: 'a new password' },
    },
    { app: 'users' as const, method: 'PUT', path: '/user/update', headers: usersBearer, valid: { name: 'Ana' } },
  ];

  for (const e of jsonEndpoints) {
    const base = e.app === 'auth' ? A : U;
    const endpoint = `${e.method} ${e.path}`;
    const send = (body: string, headers: Record<string, string> = {}) =>
      json(e.method, `${base}${e.path}`, body, { ...e.headers, ...headers });
    for (const body of MALFORMED_JSON)
      add(e.app, endpoint, `malformed JSON ${JSON.stringify(body.slice(0, 20))}`, send(body));
    for (const body of NOT_OBJECTS) add(e.app, endpoint, `non-object ${body}`, send(body));
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
    ]) {
      add(e.app, endpoint, `content type ${type}`, send(JSON.stringify(e.valid), { 'content-type': type }));
    }
    add(e.app, endpoint, 'oversized body', send(JSON.stringify({ ...e.valid, pad: 'x'.repeat(1024 * 1024) })));
    for (const field of Object.keys(e.valid)) {
      for (const value of WRONG_TYPES) {
        add(
          e.app,
          endpoint,
          `${field} = ${JSON.stringify(value)}`,
          send(JSON.stringify({ ...e.valid, [field]: value })),
        );
      }
    }
  }

  // Registration: every required field missing, SQL-looking and hostile unicode values; all must be refused.
  const register = (body: object) => json('POST', `${A}/auth/register`, JSON.stringify(body));
  for (const field of Object.keys(validRegistration)) {
    const { [field as keyof typeof validRegistration]: _, ...rest } = validRegistration;
    add('auth', 'POST /auth/register', `missing ${field}`, register(rest));
  }
  for (const s of SQLISH) {
    add('auth', 'POST /auth/register', `SQL in email ${s}`, register({ ...validRegistration, email: s }));
    add('auth', 'POST /auth/register', `SQL in phone ${s}`, register({ ...validRegistration, phoneNumber: s }));
    add(
      'auth',
      'POST /auth/login',
      `SQL in credentials ${s}`,
      json('POST', `${A}/auth/login`, JSON.stringify({ email: s, password: s })),
    );
  }
  for (const u of UNICODE) {
    add(
      'auth',
      'POST /auth/register',
      `unicode name ${JSON.stringify(u)}`,
      register({ ...validRegistration, name: u }),
    );
    add(
      'users',
      'PUT /user/update',
      `unicode address ${JSON.stringify(u)}`,
      json('PUT', `${U}/user/update`, JSON.stringify({ shippingAddress: u }), usersBearer),
    );
  }
  for (const [field, value] of OVER_LONG) {
    const label = `${field} of ${value.length} characters`;
    if (field in validRegistration)
      add('auth', 'POST /auth/register', `over-long ${label}`, register({ ...validRegistration, [field]: value }));
    if (field !== 'password')
      add(
        'users',
        'PUT /user/update',
        `over-long ${label}`,
        json('PUT', `${U}/user/update`, JSON.stringify({ [field]: value }), usersBearer),
      );
  }
  for (const n of [101, 190, 255, 1000]) {
    add(
      'auth',
      'POST /auth/login',
      `over-long email of ${n} characters`,
      json('POST', `${A}/auth/login`, JSON.stringify({ email: longEmail(n), password: 'x' })),
    );
  }
  add(
    'auth',
    'POST /auth/login',
    'over-long password',
    json('POST', `${A}/auth/login`, JSON.stringify({ email: 'corpus@example.com', password: 'p'.repeat(1025) })),
  );
  add(
    'users',
    'PUT /user/update',
    'over-long shipping address',
    json('PUT', `${U}/user/update`, JSON.stringify({ shippingAddress: 'S'.repeat(256) }), usersBearer),
  );
  for (const [field, value] of WITH_NUL) {
    const label = `NUL in ${field}`;
    add('auth', 'POST /auth/register', label, register({ ...validRegistration, [field]: value }));
    add(
      'users',
      'PUT /user/update',
      label,
      json('PUT', `${U}/user/update`, JSON.stringify({ [field]: value }), usersBearer),
    );
  }
  add(
    'auth',
    'POST /auth/login',
    'NUL in email',
    json('POST', `${A}/auth/login`, JSON.stringify({ email: 'corpus\u0000@example.com', password: 'x' })),
  );
  add(
    'auth',
    'POST /auth/refresh',
    'NUL in refresh token',
    json('POST', `${A}/auth/refresh`, JSON.stringify({ refreshToken: 'abc\u0000def' })),
  );
  for (const path of MEDIA_PATHS) {
    add('media', 'GET /media/*', `path ${JSON.stringify(path.slice(0, 40))}`, () => new Request(`${U}${path}`));
  }
  add(
    'auth',
    'POST /auth/register',
    'prototype pollution',
    register({ ...validRegistration, password: 'x', __proto__: { admin: true } }),
  );
  add(
    'users',
    'PUT /user/update',
    'password change attempt',
    json('PUT', `${U}/user/update`, JSON.stringify({ password: 'newpassword' }), usersBearer),
  );
  add(
    'users',
    'PUT /user/update',
    'impossible date',
    json('PUT', `${U}/user/update`, JSON.stringify({ dayBirth: 31, monthBirth: 2 }), usersBearer),
  );

  // Tokens: missing, malformed, forged, expired, alg none, on every protected endpoint.
  const noneToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(input.userId), exp: 9e9 })}.`;
  const hsToken = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'test-key' })}.${b64({ sub: String(input.userId), exp: 9e9 })}.c2ln`;
  const badAuth = [
    '',
    'Bearer',
    'Bearer ',
    'Basic YTpi',
    'Bearer a.b.c',
    `Bearer ${noneToken}`,
    `Bearer ${hsToken}`,
    `Bearer ${'x'.repeat(8192)}`,
    ...input.forgedTokens.map((t) => `Bearer ${t}`),
  ];
  const protectedRoutes = [
    { app: 'users' as const, method: 'GET', path: '/user/info', body: undefined },
    { app: 'users' as const, method: 'PUT', path: '/user/update', body: JSON.stringify({ name: 'Hacked' }) },
    { app: 'users' as const, method: 'DELETE', path: '/user', body: undefined },
    {
      app: 'auth' as const,
      method: 'POST',
      path: '/auth/password',
      body: JSON.stringify({ currentPassword: 'x', newPassword: 'long enough pw' }),
    },
  ];
  for (const r of protectedRoutes) {
    for (const authorization of badAuth) {
      add(
        r.app,
        `${r.method} ${r.path}`,
        `authorization ${JSON.stringify(authorization.slice(0, 30))}`,
        () =>
          new Request(`${r.app === 'auth' ? A : U}${r.path}`, {
            method: r.method,
            headers: { authorization, ...(r.body ? { 'content-type': 'application/json' } : {}) },
            body: r.body,
          }),
      );
    }
  }
  for (const authorization of badAuth) {
    add('users', 'POST /upload', `authorization ${JSON.stringify(authorization.slice(0, 30))}`, () => {
      const form = new FormData();
      form.append('image', new File([input.images.png()], 'a.png'));
      return new Request(`${U}/upload`, { method: 'POST', headers: { authorization }, body: form });
    });
  }

  // Uploads: fake, polyglot, SVG, flood, oversized, traversal names on fake content, IDOR, broken multipart.
  const up = (name: string, fields: Record<string, Blob | string>) =>
    add('users', 'POST /upload', name, multipart(`${U}/upload`, input.usersToken, fields));
  const img = input.images;
  const fakes: [string, Uint8Array<ArrayBuffer>][] = [
    ['text as .png', img.text()],
    ['SVG', img.svg()],
    ['PNG/HTML polyglot', img.polyglot()],
    ['pixel flood PNG', img.png(1, 1, { width: 60_000, height: 60_000 })],
    ['pixel flood JPEG', img.jpeg(65_000, 65_000)],
    ['truncated PNG', img.png().subarray(0, 30)],
    ['empty file', new Uint8Array()],
    ['GIF', new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000')],
    ['HTML', new TextEncoder().encode('<!doctype html><script>alert(1)</script>')],
    ['PDF', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ')],
    ['ELF', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['zip bomb header', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])],
  ];
  for (const [name, bytes] of fakes) {
    for (const field of ['image', 'file'])
      up(`${name} in ${field}`, { [field]: new File([bytes], 'photo.png', { type: 'image/png' }) });
  }
  for (const filename of [
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2fsecret',
    '名前.png',
    'a\u0000b.png',
    '\u202egnp.exe',
    '.htaccess',
    'x'.repeat(4096),
  ]) {
    up(`traversal name ${JSON.stringify(filename.slice(0, 20))} on fake content`, {
      image: new File([img.text()], filename),
    });
  }
  up('oversized image', { image: new File([img.bigJpeg(300 * 1024)], 'big.jpg') });
  up('IDOR: another user id', { userId: String(input.otherUserId), image: new File([img.png()], 'a.png') });
  up('IDOR: non-numeric user id', { userId: `${input.userId} OR 1=1`, image: new File([img.png()], 'a.png') });
  up('missing file', { userId: String(input.userId) });
  up('file field as text', { image: 'not a file' });
  up('no fields', {});
  const boundary = 'XyZ';
  const part = (extra: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${extra}`;
  const broken: [string, string, string][] = [
    ['no boundary', 'multipart/form-data', part('data')],
    ['wrong boundary', 'multipart/form-data; boundary=other', `${part('data')}\r\n--${boundary}--`],
    ['unterminated', `multipart/form-data; boundary=${boundary}`, part('data')],
    ['empty body', `multipart/form-data; boundary=${boundary}`, ''],
    ['garbage', `multipart/form-data; boundary=${boundary}`, '\u0000\u0001\u0002garbage'],
    ['headers only', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data`],
    ['json declared multipart', `multipart/form-data; boundary=${boundary}`, '{"image":"x"}'],
    ['multipart declared json', 'application/json', `${part('data')}\r\n--${boundary}--`],
    ['text content type', 'text/plain', 'hello'],
  ];
  for (const [name, type, body] of broken) {
    add(
      'users',
      'POST /upload',
      `broken multipart: ${name}`,
      rawMultipart(`${U}/upload`, input.usersToken, type, body),
    );
  }
  return cases;
}
