import path from 'node:path';

const ROOT = path.resolve(import.meta.dir, '../../..');

/**
 * The test run's own servers (scripts/test.sh starts them): their own ports and state folder, never
 * a developer's Kafka or S3 on 9092/9090.
 */
const KAFKA_PORT = process.env.KAFKA_PORT ?? '19092';
const S3_PORT = process.env.S3_PORT ?? '19090';
export const TEST_KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS ?? `127.0.0.1:${KAFKA_PORT}`).split(',');
export const TEST_S3_ENDPOINT = process.env.TEST_S3_ENDPOINT ?? `http://127.0.0.1:${S3_PORT}`;
const infraEnv = {
  ...process.env,
  INFRA_STATE: process.env.INFRA_STATE ?? `${ROOT}/.infra/test`,
  INFRA_OWN: '1',
  KAFKA_PORT,
  S3_PORT,
  SMTP_PORT: process.env.SMTP_PORT ?? '19025',
  MAIL_UI_PORT: process.env.MAIL_UI_PORT ?? '19080',
};

/** Starts or stops a service of the test run's infra (kafka, s3 or maildev), as the outage tests need. */
export async function infra(action: 'up' | 'down', service: 'kafka' | 's3' | 'maildev'): Promise<void> {
  const proc = Bun.spawn(['bash', `${ROOT}/infra/${action}.sh`, service], {
    env: infraEnv,
    stdout: 'pipe',
    stderr: 'pipe',
  });
  if ((await proc.exited) !== 0) {
    throw new Error(`infra ${action} ${service} failed: ${await new Response(proc.stderr).text()}`);
  }
}
