import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createDb } from '@greencommerce/db';
import {
  documents,
  type HostileCase,
  lintOpenApi,
  type OpenApiDoc,
  operations,
  standardHostileCases,
} from '@greencommerce/testing';
import { createApp, createTestAuth, registerAndLogin, registration, type TestAuth, uniqueEmail } from './support';

// The document is generated from the routes; these tests hold it to what the routes really do.
let auth: TestAuth;
let doc: OpenApiDoc & Record<string, unknown>;
let token: string;
beforeAll(async () => {
  auth = await createTestAuth('auth_openapi');
  doc = await (await auth.app.request('/openapi.json')).json();
  token = (await registerAndLogin(auth.app)).token;
});
afterAll(async () => {
  await auth.drop();
});

/** A valid request body per operation, so that only the broken dependency can refuse it. */
const validBodies: Record<string, () => unknown> = {
  register: () => registration(uniqueEmail('oa')),
  login: () => ({ email: uniqueEmail('oa'), password: 'correct horse battery' }),
  refresh: () => ({ refreshToken: 'not-a-real-token' }),
  logout: () => ({ refreshToken: 'not-a-real-token' }),
  changePassword: () => ({ currentPassword: 'correct horse battery', newPassword: 'another long password' }),
  verifyEmail: () => ({ token: 'not-a-real-token' }),
  resendVerificationEmail: () => undefined,
  requestPasswordReset: () => ({ email: uniqueEmail('oa') }),
  confirmPasswordReset: () => ({ token: 'not-a-real-token', password: 'another long password' }),
};

function validRequest(operationId: string): Request {
  const found = operations(doc).find((o) => o.operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  const body = validBodies[operationId];
  return new Request(`http://test${found.path}`, {
    method: found.method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body?.() !== undefined && { body: JSON.stringify(body?.()) }),
  });
}

describe('the OpenAPI document', () => {
  test('passes redocly lint (recommended rules) with no errors, only the two warnings we accept', () => {
    const problems = lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`).sort()).toEqual([
      // The repository declares no license yet, so there is no SPDX identifier or URL to give.
      'info-license-strict #/info/license',
      // Publishing public keys cannot fail with a 4xx.
      'operation-4xx-response #/paths/~1.well-known~1jwks.json/get/responses',
    ]);
  });

  test('every operation has a unique operationId and states its security; protected ones document 401', () => {
    const ops = operations(doc).map((o) => o.operation);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops) {
      expect(o.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(o.security).toBeDefined();
      if (o.security?.length) expect(Object.keys(o.responses)).toContain('401');
    }
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info).toMatchObject({ license: { name: expect.any(String) } });
  });

  test('every pattern is a plain ECMAScript pattern (no /flags), as JSON Schema wants', () => {
    const patterns = [...JSON.stringify(doc).matchAll(/"pattern":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!));
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) {
      expect(p).not.toMatch(/\/[a-z]*$/);
      expect(() => new RegExp(p, 'u')).not.toThrow();
    }
  });
});

describe('every status a route answers is documented', () => {
  async function expectDocumented(app: { fetch: (r: Request) => Response | Promise<Response> }, c: HostileCase) {
    const res = await app.fetch(c.request);
    expect({ case: `${c.operationId}: ${c.name}`, status: res.status }).toEqual({
      case: `${c.operationId}: ${c.name}`,
      status: c.expected,
    });
    expect(documents(doc, c.request, res.status)).toBe(true);
  }

  test('hostile requests: no token 401, malformed JSON 400, wrong type 415, oversized 413', async () => {
    const cases = standardHostileCases(doc, token);
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set([400, 401, 413, 415]));
    for (const c of cases) await expectDocumented(auth.app, c);
  });

  test('rate limits: 429 on login, register, password reset and verification resend', async () => {
    const limits = {
      ...auth.deps.config.limits,
      ipLimit: 0,
      registerIpLimit: 0,
      resetIpLimit: 0,
      verifyResendLimit: 0,
    };
    const limited = createApp({ ...auth.deps, config: { ...auth.deps.config, limits } });
    for (const operationId of ['login', 'register', 'requestPasswordReset', 'resendVerificationEmail']) {
      await expectDocumented(limited, {
        name: 'over the limit',
        operationId,
        expected: 429,
        request: validRequest(operationId),
      });
    }
  });

  test('database down: 503 on every operation that uses it', async () => {
    // A database server that refuses connections (nothing listens on port 1).
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
    const down = createApp({ ...auth.deps, db: dead });
    const usesDb = operations(doc).filter((o) => o.operation.operationId !== 'getJwks');
    expect(usesDb.map((o) => o.operation.operationId).sort()).toEqual(Object.keys(validBodies).sort());
    for (const { operation } of usesDb) {
      const { operationId } = operation;
      await expectDocumented(down, {
        name: 'database down',
        operationId,
        expected: 503,
        request: validRequest(operationId),
      });
    }
  });
});
