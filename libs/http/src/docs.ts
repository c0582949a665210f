import { Hono } from 'hono';
import type { BaseEnv } from './context';

/** Serves the OpenAPI document and an interactive reference page that reads it. */
export function docsRoutes(doc: object, title: string) {
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><script id="api-reference" data-url="/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`;
  return new Hono<BaseEnv>().get('/openapi.json', (c) => c.json(doc)).get('/docs', (c) => c.html(html));
}
