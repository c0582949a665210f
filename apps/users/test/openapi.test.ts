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
import { png } from '@greencommerce/testing/images';
import { createApp, createTestUsers, imageFile, newUser, type TestUsers } from './support';

// The document is generated from the routes; these tests hold it to what the routes really do.
let u: TestUsers;
let doc: OpenApiDoc & Record<string, unknown>;
let token: string;
beforeAll(async () => {
  u = await createTestUsers('users_openapi', { maxUploadBytes: 64 * 1024 });
  doc = await (await u.app.request('/openapi.json')).json();
  token = (await newUser(u.db)).token;
});
afterAll(async () => {
  await u.drop();
});

const multipart = (fields: Record<string, Blob | string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};

/** A valid request per operation, so that only what the case breaks can refuse it. */
const validBodies: Record<string, (() => { body: BodyInit; type?: string }) | null> = {
  getUserInfo: null,
  deleteUser: null,
  updateUser: () => ({ body: JSON.stringify({ name: 'Eva' }), type: 'application/json' }),
  uploadProfileImage: () => ({ body: multipart({ image: imageFile(png()) }) }),
  setNotificationSettings: () => ({ body: JSON.stringify({ marketing: false }), type: 'application/json' }),
};

function validRequest(operationId: string): Request {
  const found = operations(doc).find((o) => o.operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  const body = validBodies[operationId]?.();
  return new Request(`http://test${found.path}`, {
    method: found.method,
    headers: { authorization: `Bearer ${token}`, ...(body?.type && { 'content-type': body.type }) },
    ...(body && { body: body.body }),
  });
}

async function expectDocumented(app: { fetch: (r: Request) => Response | Promise<Response> }, c: HostileCase) {
  const res = await app.fetch(c.request);
  expect({ case: `${c.operationId}: ${c.name}`, status: res.status }).toEqual({
    case: `${c.operationId}: ${c.name}`,
    status: c.expected,
  });
  expect(documents(doc, c.request, res.status)).toBe(true);
}

describe('the OpenAPI document', () => {
  test('passes redocly lint (recommended rules) with no errors, only the warning we accept', () => {
    const problems = lintOpenApi(doc);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.map((p) => `${p.ruleId} ${p.pointer}`)).toEqual([
      // The repository declares no license yet, so there is no SPDX identifier or URL to give.
      'info-license-strict #/info/license',
    ]);
  });

  test('every operation has a unique operationId, needs a bearer token and documents 401 and 503', () => {
    const ops = operations(doc).map((o) => o.operation);
    expect(ops.map((o) => o.operationId).sort()).toEqual(Object.keys(validBodies).sort());
    for (const o of ops) {
      expect(o.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(o.responses)).toEqual(expect.arrayContaining(['401', '503']));
    }
  });

  test('the upload is documented as multipart/form-data with a binary `image` field', () => {
    const upload = doc.paths['/upload']?.post?.requestBody?.content['multipart/form-data'] as {
      schema: { properties: Record<string, { type: string; contentMediaType?: string }> };
    };
    expect(upload.schema.properties.image).toMatchObject({
      type: 'string',
      contentMediaType: 'application/octet-stream',
    });
  });
});

describe('every status a route answers is documented', () => {
  test('hostile requests: no token 401, malformed JSON 400, wrong type 415, oversized 413', async () => {
    const cases = standardHostileCases(doc, token);
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set([400, 401, 413, 415]));
    for (const c of cases) await expectDocumented(u.app, c);
  });

  test('upload: not multipart 415, over the size limit 413, no free upload slot 429', async () => {
    const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
      new Request('http://test/upload', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...headers },
        body,
      });
    const operationId = 'uploadProfileImage';
    await expectDocumented(u.app, {
      name: 'JSON instead of multipart',
      operationId,
      expected: 415,
      request: upload('{}', { 'content-type': 'application/json' }),
    });
    await expectDocumented(u.app, {
      name: 'oversized',
      operationId,
      expected: 413,
      request: upload(multipart({ image: imageFile(new Uint8Array(200 * 1024)) })),
    });
    const busy = createApp({ ...u.deps, config: { ...u.deps.config, uploadConcurrency: 0, uploadQueueLimit: 0 } });
    await expectDocumented(busy, {
      name: 'no upload slot',
      operationId,
      expected: 429,
      request: validRequest(operationId),
    });
  });

  test('database down: 503 on every operation', async () => {
    // A database server that refuses connections (nothing listens on port 1).
    const dead = createDb({ url: 'mysql://root@127.0.0.1:1/gone', poolSize: 1, connectTimeoutMs: 1000 });
    const down = createApp({ ...u.deps, db: dead });
    for (const { operation } of operations(doc)) {
      const { operationId } = operation;
      await expectDocumented(down, {
        name: 'database down',
        operationId,
        expected: 503,
        request: validRequest(operationId),
      });
    }
    await dead.destroy();
  });
});
