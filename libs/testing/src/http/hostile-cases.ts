import { operationFor } from './documented-statuses';

type Operation = {
  operationId: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
};
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

export type HostileCase = { name: string; operationId: string; request: Request; expected: number };

/** Every operation of a document, with its method and path. */
export function operations(doc: OpenApiDoc) {
  return Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
}

const MIB = 1024 * 1024;

/**
 * The hostile requests every route must refuse the same way, derived from the document itself so
 * that a new route is covered by being declared: no token where one is required (401), and for
 * JSON bodies malformed JSON (400), another content type (415) and a body far past any JSON limit (413);
 * a bodyless DELETE/POST/PUT with a body past the service-wide ceiling (413).
 */
export function standardHostileCases(
  doc: OpenApiDoc,
  token: string,
  /** Values for path parameters (`{idOrSlug}`), so the body is what a case breaks; others become `1`. */
  pathParams: Record<string, string> = {},
): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const { path, method, operation } of operations(doc)) {
    const url = `http://test${path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? '1'))}`;
    const auth: Record<string, string> = operation.security?.length ? { authorization: `Bearer ${token}` } : {};
    const add = (name: string, expected: number, init: RequestInit) =>
      cases.push({
        name,
        operationId: operation.operationId,
        expected,
        request: new Request(url, { method, ...init }),
      });
    if (operation.security?.length) add('no token', 401, {});
    if (operation.requestBody?.content['application/json']) {
      const json = { ...auth, 'content-type': 'application/json' };
      add('malformed JSON', 400, { headers: json, body: '{"a": ' });
      add('wrong content type', 415, { headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
      add('oversized body', 413, { headers: json, body: JSON.stringify({ a: 'x'.repeat(MIB) }) });
    } else if (!operation.requestBody && method !== 'GET' && method !== 'HEAD') {
      // A route that reads no body still meets the service-wide body ceiling (1 MiB) before it runs
      // (declared, as a client over HTTP declares it: an undeclared body is counted only as it is read).
      const body = 'x'.repeat(2 * MIB);
      add('oversized body on a route without one', 413, {
        headers: { ...auth, 'content-length': String(body.length) },
        body,
      });
    }
  }
  return cases;
}

/** Whether the document lists `status` among the responses of the operation a request reaches. */
export function documents(doc: OpenApiDoc, request: Request, status: number) {
  const found = operationFor(doc, request.method, new URL(request.url).pathname);
  return !!found && String(status) in found.operation.responses;
}
