import { Hono } from 'hono';
import type { BaseEnv } from './context';
import { scalarBundle, scalarVersion } from './scalar-bundle';

// Everything the reference page loads comes from this server: no CDN, no fonts from elsewhere.
// Scalar injects its styles at runtime ('unsafe-inline' styles) and loads no script but its own.
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SCALAR_CONFIG = JSON.stringify({ withDefaultFonts: false, telemetry: false });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Serves the OpenAPI document and an interactive reference page that reads it, offline. The
 * document is built on its first request, not at start: turning every route's zod schemas into
 * JSON Schema took 20–30 ms of each service's cold start.
 */
export function docsRoutes(document: () => object, title: string) {
  let doc: object | undefined;
  return new Hono<BaseEnv>()
    .get('/openapi.json', (c) => {
      doc ??= document();
      return c.json(doc);
    })
    .get('/docs', async (c) => {
      const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><script id="api-reference" data-url="/openapi.json" data-configuration="${escapeHtml(SCALAR_CONFIG)}"></script>
<script src="/docs/scalar.js?v=${await scalarVersion()}"></script></body></html>`;
      return c.html(html, 200, { 'Content-Security-Policy': DOCS_CSP });
    })
    .get(
      '/docs/scalar.js',
      // The file itself as the body: Bun sends it with its length, straight from the file.
      // The page asks for it by content hash, so a browser may keep it until the bundle changes.
      () =>
        new Response(scalarBundle, {
          headers: {
            'Content-Type': 'text/javascript; charset=utf-8',
            'Cache-Control': 'public, max-age=31536000, immutable',
          },
        }),
    );
}
