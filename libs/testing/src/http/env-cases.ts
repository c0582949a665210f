import { expect, spyOn } from 'bun:test';

/** `secret`: the part of the value that must never be printed (the whole value by default). */
export type EnvCase = { field: string; value: string; with?: Record<string, string>; secret?: string };
type LoadEnv = (source: Record<string, string>) => unknown;

class ExitCalled extends Error {
  constructor(readonly code: unknown) {
    super('process.exit');
  }
}

/** Runs an app's loadEnv with `process.exit` and `console.error` caught: the exit code and the lines printed. */
export function loadEnvCaught(loadEnv: LoadEnv, vars: Record<string, string>) {
  const exit = spyOn(process, 'exit').mockImplementation(((code: unknown) => {
    throw new ExitCalled(code);
  }) as never);
  const printed = spyOn(console, 'error').mockImplementation(() => {});
  try {
    loadEnv(vars);
    return { code: 0, lines: [] as string[] };
  } catch (err) {
    if (!(err instanceof ExitCalled)) throw err;
    return { code: err.code, lines: printedLines(printed.mock.calls.map((c) => c.join(' ')).join('\n')) };
  } finally {
    exit.mockRestore();
    printed.mockRestore();
  }
}

/**
 * The same in a process of its own, to see the real exit: loads `envModule` with only `vars` set
 * (costs a Bun start, so tests keep this to a few cases).
 */
export async function loadEnvInSubprocess(envModule: string, vars: Record<string, string>) {
  const proc = Bun.spawn(
    [process.execPath, '-e', `const { loadEnv } = await import(${JSON.stringify(envModule)}); loadEnv();`],
    { env: { PATH: process.env.PATH ?? '', ...vars }, stdout: 'pipe', stderr: 'pipe' },
  );
  const [code, stderr, stdout] = await Promise.all([
    proc.exited,
    new Response(proc.stderr).text(),
    new Response(proc.stdout).text(),
  ]);
  return { code, lines: printedLines(stderr), output: stderr + stdout };
}

const printedLines = (text: string) => text.split('\n').filter((l) => l.trim() && l !== 'Invalid configuration:');

/** A bad value stops the app: exit 1, exactly one line, naming the field, never showing the value. */
export function expectConfigRejected(loadEnv: LoadEnv, { field, value, with: rest = {}, secret }: EnvCase) {
  const { code, lines } = loadEnvCaught(loadEnv, { ...rest, [field]: value });
  expect(code).toBe(1);
  expect(lines).toEqual([expect.stringMatching(new RegExp(`^\\s+${field}: `))]);
  expect(lines.join('\n')).not.toContain(secret ?? value);
}

/** Bad values of the variables every app reads (database, Kafka, CORS, token claims). */
export const SHARED_BAD_ENV: EnvCase[] = [
  { field: 'NODE_ENV', value: 'staging' },
  { field: 'LOG_LEVEL', value: 'verbose' },
  { field: 'DATABASE_URL', value: 'postgres://app:hunter2@db.internal/shop', secret: 'hunter2' },
  { field: 'DATABASE_URL', value: 'mysql://app:hunter2@db.internal', secret: 'hunter2' },
  { field: 'DATABASE_POOL_SIZE', value: 'lots' },
  { field: 'DATABASE_POOL_SIZE', value: '0' },
  { field: 'DATABASE_CONNECT_TIMEOUT_MS', value: '99999999999' },
  { field: 'DATABASE_QUERY_TIMEOUT_MS', value: '5sec' },
  { field: 'KAFKA_BROKERS', value: '127.0.0.1:9092,kafka-without-port' },
  { field: 'CORS_ORIGINS', value: '*' },
  { field: 'CORS_ORIGINS', value: 'https://shop.example.com/path,https://other.example.com/' },
  { field: 'JWT_ISSUER', value: 'two words' },
  { field: 'JWT_AUDIENCE', value: 'green commerce' },
  { field: 'JWT_CLOCK_TOLERANCE_SECONDS', value: '3600' },
];
