import type { NextConfig } from 'next';

// Turbopack finds the monorepo's root (and its hoisted node_modules) by the root's package-lock.json.
const nextConfig: NextConfig = {
  // The typed client is a workspace package shipping TypeScript source.
  transpilePackages: ['@greencommerce/client'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
