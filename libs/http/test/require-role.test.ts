import { describe, expect, test } from 'bun:test';
import { checkDocumentedStatuses, expectError, testVerifier, tokenFor } from '@greencommerce/testing';
import { createRoute, z } from '@hono/zod-openapi';
import { createBaseApp } from '../src/create-base-app';
import { requireAuth } from '../src/jwt-auth';
import { createLogger } from '../src/logger';
import {
  bearerErrors,
  bearerSecurity,
  errorResponses,
  jsonResponse,
  openApiDocument,
  openApiRouter,
  roleErrors,
} from '../src/openapi';
import { requireRole } from '../src/require-role';

// Wired as an app wires an admin route: the bearer check, then the role, on a documented route.
const Ok = z.object({ userId: z.number(), roles: z.array(z.string()) });
const adminRoute = createRoute({
  method: 'post',
  path: '/admin-thing',
  operationId: 'adminThing',
  security: bearerSecurity,
  middleware: [requireAuth(testVerifier()), requireRole('admin')],
  responses: { 200: jsonResponse(Ok, 'Done'), ...errorResponses({ ...bearerErrors, ...roleErrors('admin') }) },
});
// A route that forgot requireAuth: requireRole must not let it through.
const unguardedRoute = createRoute({
  method: 'post',
  path: '/forgot-auth',
  operationId: 'forgotAuth',
  middleware: [requireRole('admin')],
  responses: { 200: jsonResponse(Ok, 'Done'), ...errorResponses({ ...bearerErrors }) },
});

let reached = 0;
function build() {
  const routes = openApiRouter()
    .openapi(adminRoute, (c) => {
      reached++;
      const { userId, roles } = c.get('principal');
      return c.json({ userId, roles: [...roles] }, 200);
    })
    .openapi(unguardedRoute, (c) => {
      reached++;
      return c.json({ userId: 0, roles: [] }, 200);
    });
  const doc = openApiDocument(routes, { title: 'test', version: '1' });
  return createBaseApp({ logger: createLogger('test', { level: 'silent' }), corsOrigins: [] })
    .route('/', routes)
    .get('/openapi.json', (c) => c.json(doc));
}
const app = checkDocumentedStatuses(build(), build());

const post = (path: string, token?: string) =>
  app.request(path, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('requireRole', () => {
  test('a token with the role reaches the handler, which sees the roles from the token', async () => {
    const before = reached;
    const res = await post('/admin-thing', await tokenFor(7, 'a@b.co', { roles: ['customer', 'admin'] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: 7, roles: ['customer', 'admin'] });
    expect(reached).toBe(before + 1);
  });

  test('a valid token without the role is 403 FORBIDDEN in the one error shape, and the handler never runs', async () => {
    const before = reached;
    for (const claims of [{ roles: ['customer'] }, { roles: [] }, { roles: ['Admin', 'superuser'] }]) {
      const error = await expectError(
        await post('/admin-thing', await tokenFor(7, 'a@b.co', claims)),
        403,
        'FORBIDDEN',
      );
      expect(error.message).toBe('Requires the admin role');
    }
    expect(reached).toBe(before);
  });

  test('a token from before roles existed grants nothing: 403', async () => {
    // tokenFor adds roles ["customer"] by default; an old token has no claim at all.
    await expectError(await post('/admin-thing', await tokenFor(7, 'a@b.co', { roles: undefined })), 403, 'FORBIDDEN');
  });

  test('no token, a bad token, or a malformed roles claim is 401, not 403', async () => {
    await expectError(await post('/admin-thing'), 401, 'UNAUTHORIZED');
    await expectError(await post('/admin-thing', 'garbage'), 401, 'UNAUTHORIZED');
    await expectError(await post('/admin-thing', await tokenFor(7, 'a@b.co', { roles: 'admin' })), 401, 'UNAUTHORIZED');
  });

  test('the role is never taken from the request: headers, query or body naming it change nothing', async () => {
    const token = await tokenFor(7, 'a@b.co');
    const res = await app.request('/admin-thing?roles=admin&role=admin', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-roles': 'admin',
        'x-role': 'admin',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ roles: ['admin'], role: 'admin' }),
    });
    await expectError(res, 403, 'FORBIDDEN');
  });

  test('without requireAuth before it, requireRole answers 401 instead of letting the request through', async () => {
    const before = reached;
    await expectError(await post('/forgot-auth'), 401, 'UNAUTHORIZED');
    expect(reached).toBe(before);
  });

  test('the OpenAPI document states 401 and 403 for the admin route', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const responses = doc.paths['/admin-thing']?.post?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(['200', '401', '403']);
    expect(responses['403']?.description).toContain('admin role');
  });
});
