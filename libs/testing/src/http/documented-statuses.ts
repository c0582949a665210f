type Operation = { operationId?: string; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };
type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

const templateToRegExp = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** The documented operation a request reaches, if any (undocumented routes such as /healthz are not checked). */
export function operationFor(doc: Document, method: string, pathname: string) {
  for (const [template, operations] of Object.entries(doc.paths)) {
    const operation = operations[method.toLowerCase()];
    if (operation && templateToRegExp(template).test(pathname)) return { template, operation };
  }
  return undefined;
}

/**
 * Makes an app check, on every response it gives in a test, that the status is one its
 * /openapi.json documents for that operation; an undocumented status fails the request, so any
 * test anywhere (hostile corpus, outages, rate limits) that provokes one points at the route.
 * The document is read from `docSource`, a twin of the app with a silent logger, so the app's
 * own logs only see the test's requests.
 */
export function checkDocumentedStatuses<A extends { fetch: Fetch }>(app: A, docSource: { fetch: Fetch }): A {
  const original = app.fetch;
  let doc: Promise<Document> | undefined;
  const checked: Fetch = async (request, ...rest) => {
    const res = await original(request, ...rest);
    doc ??= Promise.resolve(docSource.fetch(new Request('http://test/openapi.json'))).then((r) => r.json() as never);
    const pathname = new URL(request.url).pathname;
    const found = operationFor(await doc, request.method, pathname);
    if (found && !(String(res.status) in found.operation.responses)) {
      throw new Error(
        `${request.method} ${pathname} answered ${res.status}, which operation ${found.operation.operationId} ` +
          `does not document (documented: ${Object.keys(found.operation.responses).join(', ')})`,
      );
    }
    return res;
  };
  app.fetch = checked as A['fetch'];
  return app;
}
