import { MEDIA_PATHS } from './corpus';

// Hostile requests as bytes on a socket, for what fetch and `app.request()` never send: lying or
// missing lengths, chunked bodies past the limits, NULs in headers, broken request lines, and
// paths with their percent-encoding untouched.

export type WireCase = {
  name: string;
  target: 'auth' | 'users' | 'media';
  bytes: () => string | Uint8Array;
  /**
   * The status Bun's HTTP parser answers itself, with no body, before any app code runs: the app cannot
   * put these in its error shape. 505 is HTTP's own answer to a version it does not speak (and Bun's to
   * a NUL in the path).
   */
  parser?: 400 | 431 | 505;
};

type WireInput = { authToken: string; usersToken: string; uploadLimit: number };

const CRLF = '\r\n';

function request(method: string, path: string, headers: Record<string, string | number>, body = '') {
  const lines = Object.entries({ host: 'localhost', connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1${CRLF}${lines.join(CRLF)}${CRLF}${CRLF}${body}`;
}

/** A body sent as 64 KiB chunks, without a Content-Length, as a streaming client sends it. */
function chunked(method: string, path: string, headers: Record<string, string>, body: string) {
  let out = '';
  for (let at = 0; at < body.length; at += 65_536) {
    const piece = body.slice(at, at + 65_536);
    out += `${Buffer.byteLength(piece).toString(16)}${CRLF}${piece}${CRLF}`;
  }
  return request(method, path, { ...headers, 'transfer-encoding': 'chunked' }, `${out}0${CRLF}${CRLF}`);
}

function multipartBody(size: number) {
  const boundary = 'WireBoundary';
  const body = `--${boundary}${CRLF}content-disposition: form-data; name="image"; filename="big.jpg"${CRLF}content-type: image/jpeg${CRLF}${CRLF}${'j'.repeat(size)}${CRLF}--${boundary}--${CRLF}`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

export function wireCorpus(input: WireInput): WireCase[] {
  const cases: WireCase[] = [];
  const add = (target: WireCase['target'], name: string, bytes: WireCase['bytes'], parser?: WireCase['parser']) =>
    cases.push({ target, name: `${target}: ${name}`, bytes, ...(parser ? { parser } : {}) });
  const json = { 'content-type': 'application/json' };
  const pad = (n: number) => JSON.stringify({ email: 'a@example.com', password: 'x', pad: 'x'.repeat(n) });
  const mib = 1024 * 1024;

  // Oversized bodies, announced by Content-Length and streamed without one.
  for (const [target, path, method, headers] of [
    ['auth', '/auth/register', 'POST', json],
    ['auth', '/auth/login', 'POST', json],
    ['users', '/user/update', 'PUT', { ...json, authorization: `Bearer ${input.usersToken}` }],
  ] as const) {
    add(target, `${method} ${path} oversized JSON with Content-Length`, () =>
      request(method, path, { ...headers, 'content-length': Buffer.byteLength(pad(mib)) }, pad(mib)),
    );
    add(target, `${method} ${path} oversized JSON, chunked`, () => chunked(method, path, headers, pad(mib)));
  }
  const upload = multipartBody(input.uploadLimit * 3);
  const uploadHeaders = { authorization: `Bearer ${input.usersToken}`, 'content-type': upload.type };
  add('users', 'POST /upload oversized with Content-Length', () =>
    request('POST', '/upload', { ...uploadHeaders, 'content-length': Buffer.byteLength(upload.body) }, upload.body),
  );
  add('users', 'POST /upload oversized, chunked', () => chunked('POST', '/upload', uploadHeaders, upload.body));
  add('users', 'POST /upload announcing 20 GiB', () =>
    request('POST', '/upload', { ...uploadHeaders, 'content-length': 20 * 1024 * mib }, upload.body.slice(0, 1000)),
  );

  // NUL bytes and other malformations in the request head, with the status Bun's parser answers.
  const head: [name: string, bytes: string, status: WireCase['parser']][] = [
    ['NUL in the authorization header', request('GET', '/user/info', { authorization: `Bearer a\u0000b` }), 400],
    ['NUL in a header name', request('POST', '/auth/login', { ...json, 'x-a\u0000b': '1' }, '{}'), 400],
    ['NUL in the path', request('GET', '/auth/\u0000login', {}), 505],
    [
      'Content-Length and Transfer-Encoding together',
      request(
        'POST',
        '/auth/login',
        { ...json, 'content-length': 4, 'transfer-encoding': 'chunked' },
        `0${CRLF}${CRLF}`,
      ),
      400,
    ],
    ['non-numeric Content-Length', request('POST', '/auth/login', { ...json, 'content-length': 'abc' }, '{}'), 400],
    ['negative Content-Length', request('POST', '/auth/login', { ...json, 'content-length': -1 }, '{}'), 400],
    [
      'two different Content-Lengths',
      `POST /auth/login HTTP/1.1${CRLF}host: x${CRLF}content-length: 2${CRLF}content-length: 40${CRLF}${CRLF}{}`,
      400,
    ],
    ['header line without a colon', `GET /healthz HTTP/1.1${CRLF}host: x${CRLF}no colon here${CRLF}${CRLF}`, 400],
    ['garbage request line', `\u0001\u0002 GARBAGE${CRLF}${CRLF}`, 400],
    ['unknown HTTP version', `GET /auth/login HTTP/9.9${CRLF}host: x${CRLF}${CRLF}`, 505],
    ['64 KiB header', request('GET', '/auth/login', { cookie: `a=${'x'.repeat(65_536)}` }), 431],
  ];
  for (const [name, bytes, status] of head) add('auth', name, () => bytes, status);
  add('auth', 'encoded traversal', () => request('GET', '/auth/%2e%2e/%2e%2e/etc/passwd', {}));

  // /media/* with the path exactly as sent: fetch would normalise these before they left.
  for (const path of MEDIA_PATHS) add('media', `GET ${path.slice(0, 40)}`, () => request('GET', path, {}));
  return cases;
}
