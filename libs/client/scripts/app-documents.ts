import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '@greencommerce/db';
import { createLogger } from '@greencommerce/http';
import { localStorage } from '@greencommerce/media';
import { testVerifier } from '@greencommerce/testing';
import { createApp as createAuth } from '../../../apps/auth/src/app';
import { createPasswordHasher } from '../../../apps/auth/src/passwords/password-hasher';
import { generateSigningKey, publicJwks } from '../../../apps/auth/src/tokens/signing-keys';
import { createTokenIssuer } from '../../../apps/auth/src/tokens/token-issuer';
import { createApp as createCart } from '../../../apps/cart/src/app';
import { createApp as createCatalog } from '../../../apps/catalog/src/app';
import { createApp as createOrders } from '../../../apps/orders/src/app';
import { createPaymentProviders } from '../../../apps/orders/src/payments/registry';
import { createApp as createUsers } from '../../../apps/users/src/app';

export const APPS = ['auth', 'users', 'catalog', 'cart', 'orders'] as const;
export type AppName = (typeof APPS)[number];

const upload = { maxUploadBytes: 5 * 1024 * 1024, maxPixels: 40_000_000, uploadConcurrency: 1, uploadQueueLimit: 1 };

/**
 * Each app's /openapi.json, as the app itself serves it. Building a document runs no query and
 * calls no other service, so every app gets the cheapest real dependencies: an in-memory SQLite
 * database, local media storage in a temporary folder, the test token verifier.
 */
export async function appDocuments(): Promise<Record<AppName, object>> {
  const db = createDb({ url: ':memory:' });
  const dir = mkdtempSync(path.join(tmpdir(), 'gc-client-docs-'));
  try {
    const logger = createLogger('client-docs', { level: 'silent' });
    const verifyToken = testVerifier();
    const storage = localStorage(path.join(dir, 'media'), 'http://media.local');
    const corsOrigins: string[] = [];
    const keys = [await generateSigningKey()];
    const apps = {
      auth: createAuth({
        db,
        logger,
        verifyToken,
        hasher: createPasswordHasher({ memoryKib: 19456, timeCost: 2, concurrency: 1, queueLimit: 1 }),
        issuer: await createTokenIssuer({ keys, issuer: 'docs', audience: 'docs', accessTtlSeconds: 900 }),
        jwks: publicJwks(keys),
        config: {
          corsOrigins,
          trustedProxyHops: 0,
          refreshTtlSeconds: 3600,
          limits: {
            ipLimit: 1,
            ipWindowMs: 1,
            accountFailureLimit: 1,
            accountWindowMs: 1,
            registerIpLimit: 1,
            registerIpWindowMs: 1,
            verifyResendLimit: 1,
            verifyResendWindowMs: 1,
            resetEmailLimit: 1,
            resetEmailWindowMs: 1,
            resetIpLimit: 1,
            resetIpWindowMs: 1,
          },
        },
      }),
      users: createUsers({
        db,
        logger,
        verifyToken,
        storage,
        config: { corsOrigins, uploadTmpDir: dir, ...upload },
      }),
      catalog: createCatalog({
        db,
        logger,
        verifyToken,
        storage,
        config: {
          corsOrigins,
          publicUrl: 'http://catalog.local',
          assetsDir: dir,
          revalidateCacheMs: 0,
          uploadTmpDir: dir,
          ...upload,
        },
      }),
      cart: createCart({
        db,
        logger,
        verifyToken,
        config: {
          corsOrigins,
          guestCartTtlDays: 30,
          trustedProxyHops: 0,
          guestCartIpLimit: 1,
          guestCartIpWindowMs: 1,
        },
      }),
      // The embedded default's providers: the test provider (its webhook route is part of the document).
      orders: createOrders({
        db,
        logger,
        verifyToken,
        config: {
          corsOrigins,
          shippingFeeMinor: 0,
          freeShippingThresholdMinor: 0,
          paymentTtlSeconds: 1800,
          requireVerifiedEmail: false,
        },
        payments: createPaymentProviders(db, {
          providers: ['test'],
          testWebhookSecret: 'docs',
          testDelayMs: 0,
          testDeliveryIntervalMs: 1000,
          webhookToleranceSeconds: 300,
        }),
      }),
    };
    const docs: Partial<Record<AppName, object>> = {};
    for (const name of APPS) {
      const res = await apps[name].request('/openapi.json');
      if (!res.ok) throw new Error(`${name}: GET /openapi.json answered ${res.status}`);
      docs[name] = await res.json();
    }
    return docs as Record<AppName, object>;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
