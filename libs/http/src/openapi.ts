import { ErrorBody, type ErrorCode, type errorStatus } from '@greencommerce/contracts';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { AppError } from './app-error';
import type { BaseEnv } from './context';

/** The one security scheme: an ES256 access token from the auth service. */
export const BEARER_AUTH = 'bearerAuth';
/** `security` of a route that needs a token, and of a public one (stated, so no reader guesses). */
export const bearerSecurity = [{ [BEARER_AUTH]: [] }];
export const publicSecurity = [];

type ErrorStatus = (typeof errorStatus)[ErrorCode];
const errorContent = { 'application/json': { schema: ErrorBody } } as const;

/**
 * Error responses in the one error shape, one description per status:
 * `...errorResponses({ 401: 'Invalid credentials', 409: 'Email taken' })`.
 */
export function errorResponses<const T extends Partial<Record<ErrorStatus, string>>>(descriptions: T) {
  return Object.fromEntries(
    Object.entries(descriptions).map(([status, description]) => [status, { description, content: errorContent }]),
  ) as { [K in keyof T]: { description: string; content: typeof errorContent } };
}

/** What a JSON body route answers before its handler runs (limitBody, requireJson, the schema). */
export const jsonBodyErrors = {
  400: 'Malformed JSON, or fields that break the schema (`details` names each)',
  413: 'Body larger than the limit',
  415: 'Content-Type is not application/json',
} as const;

/**
 * What a route that reads no body answers to a DELETE/POST/PUT declaring one past the service-wide
 * ceiling (createBaseApp's limitBody runs before every route; GET bodies never reach it).
 */
export const bodyCeilingErrors = { 413: 'Body larger than the service-wide limit (this route reads none)' } as const;

/** What requireAuth answers. */
export const bearerErrors = { 401: 'Missing, invalid or expired bearer token' } as const;

/** What requireRole(role) answers to a valid token without the role; document it beside bearerErrors. */
export const roleErrors = <const R extends string>(role: R) =>
  ({ 403: `The token lacks the ${role} role (a grant shows from the next login or refresh)` }) as const;

/** What any route that needs a dependency (database, object storage, the auth keys) may answer. */
export const unavailableErrors = {
  503: 'A dependency is down; the message names it (`database unavailable`)',
} as const;

/** A JSON response with its schema. */
export const jsonResponse = <S extends ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body, validated by the route against this schema. */
export const jsonRequest = <S extends ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/**
 * One detail per field; a parameter nobody declared (a typo such as `categroy`) is named as its own
 * detail. Query and path failures name the parameters in the message, so a client sees which at once.
 */
function validationError(target: string, issues: readonly Issue[]) {
  const details = issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((k) => ({ path: [...i.path.map(String), k].join('.'), message: 'is not a known parameter' }))
      : [{ path: i.path.map(String).join('.') || '(body)', message: i.message }],
  );
  if (target !== 'query' && target !== 'param')
    return new AppError('VALIDATION_FAILED', 'Request body is invalid', details);
  const names = [...new Set(details.map((d) => d.path))];
  const what = target === 'query' ? 'query parameter' : 'path parameter';
  const message = `Invalid ${what}${names.length > 1 ? 's' : ''}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`;
  return new AppError('VALIDATION_FAILED', message, details);
}

/**
 * A router whose routes are documented by their own schemas. Validation failures become
 * VALIDATION_FAILED with one detail per field (a failure of the body as a whole, such as `[]`,
 * is reported at `(body)`), like every other error.
 */
export function openApiRouter() {
  const router = new OpenAPIHono<BaseEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error.issues);
    },
  });
  router.openAPIRegistry.registerComponent('securitySchemes', BEARER_AUTH, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/login (ES256 JWT)',
  });
  return router;
}

export type OpenApiRouter = ReturnType<typeof openApiRouter>;

/** The repository declares no license yet; the document says so rather than inventing one. */
const LICENSE = { name: 'UNLICENSED' };

/** The OpenAPI 3.1 document of a router's routes, served relative to the service that serves it. */
export function openApiDocument(router: OpenAPIHono<BaseEnv>, info: { title: string; version: string }) {
  return router.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { ...info, license: LICENSE },
    servers: [{ url: '/', description: 'The service that serves this document' }],
  });
}
