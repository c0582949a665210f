import path from 'node:path';
import { envBrokers, envInt, envIntOrUnset, envPort, host, httpUrl } from '@greencommerce/contracts/env-fields';
import { DATA_DIR, databaseEnv, dbKind } from '@greencommerce/db/env';
import { eventsEnv } from '@greencommerce/events/env';
import { corsEnv, logEnv, nodeEnv, parseEnv, tokenVerifierEnv } from '@greencommerce/http/env';
import { refineStorageEnv, storageEnv, uploadEnv } from '@greencommerce/media/env';
import { z } from 'zod';

const EnvSchema = z
  .object({
    ...nodeEnv,
    USERS_HOST: host.default('127.0.0.1'),
    USERS_PORT: envPort(8082),
    /** Processes sharing the port; unset: 1 on the embedded database, one per core on a configured one. */
    USERS_WORKERS: envIntOrUnset(1, 64),
    /** How browsers reach this service; embedded-mode image URLs start with it. */
    USERS_PUBLIC_URL: httpUrl.optional(),
    ...databaseEnv,
    ...logEnv,
    KAFKA_BROKERS: envBrokers,
    ...eventsEnv,
    ...corsEnv,
    ...tokenVerifierEnv,
    ...storageEnv(path.join(DATA_DIR, 'media')),
    ...uploadEnv,
    /** Email changes per account per window: each one mails a link to an address the caller chose. */
    EMAIL_CHANGE_LIMIT: envInt(5),
    EMAIL_CHANGE_WINDOW_SECONDS: envInt(3600, 1, 86_400),
  })
  .superRefine(refineStorageEnv)
  .transform((e) => ({
    ...e,
    USERS_WORKERS: e.USERS_WORKERS ?? (dbKind(e.DATABASE_URL) === 'sqlite' ? 1 : navigator.hardwareConcurrency || 1),
  }));

export type UsersEnv = z.output<typeof EnvSchema>;
export const loadEnv = (source?: Record<string, string | undefined>) => parseEnv(EnvSchema, source);
