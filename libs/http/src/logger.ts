export type Logger = {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
  /** Writes out what is buffered; call before exiting. */
  flush(): Promise<void>;
};

const FLUSH_EVERY_MS = 100;

/**
 * One JSON object per line; callers pass fields, never request bodies or headers. Info lines are
 * buffered and written in batches (a synchronous write per request cost a quarter of the CPU of
 * GET /user/info); errors go out at once.
 */
export function jsonLogger(service: string, silent = false): Logger {
  if (silent) return { info() {}, error() {}, flush: async () => {} };
  const out = Bun.stdout.writer({ highWaterMark: 64 * 1024 });
  const timer = setInterval(() => out.flush(), FLUSH_EVERY_MS);
  timer.unref();
  const line = (level: string, fields: Record<string, unknown>) =>
    `${JSON.stringify({ time: new Date().toISOString(), level, service, ...fields })}\n`;
  return {
    info: (fields) => void out.write(line('info', fields)),
    error: (fields) => process.stderr.write(line('error', fields)),
    flush: async () => {
      await out.flush();
    },
  };
}
