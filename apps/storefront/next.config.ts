import type { NextConfig } from 'next';
import { ACTION_BODY_LIMIT_MB } from './src/lib/upload-limit';

// Turbopack finds the monorepo's root (and its hoisted node_modules) by the root's package-lock.json.
const nextConfig: NextConfig = {
  // The typed client is a workspace package shipping TypeScript source.
  transpilePackages: ['@greencommerce/client'],
  poweredByHeader: false,
  // Framed by another site, a page's forms could be clicked through a decoy (SameSite=Lax already keeps
  // the session out of a cross-site frame, but not a same-site one, nor the sign-in form itself).
  async headers() {
    return [
      {
        // Not /imagenes: the image route sends a stricter policy of its own, which this one would replace.
        source: '/:path((?!imagenes/).*)',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
  reactStrictMode: true,
  // `next dev` would otherwise write an AGENTS.md into the app, and `next dev`/`next build` would look
  // up security advisories online and may stop at an interactive upgrade prompt: builds here are offline
  // and unattended.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    // forbidden(): a signed-in non-admin on /admin gets a real 403 page.
    authInterrupts: true,
    serverActions: {
      // Image uploads go through Server Actions (see upload-limit.ts); the proxy buffers 10 MB at most anyway.
      bodySizeLimit: `${ACTION_BODY_LIMIT_MB}mb`,
    },
  },
};

export default nextConfig;
