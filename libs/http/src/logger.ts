export type Logger = {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
};

/** One JSON object per line on stdout/stderr; callers pass fields, never request bodies or headers. */
export function jsonLogger(service: string, silent = false): Logger {
  const write = (level: string, fields: Record<string, unknown>) => {
    if (silent) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, service, ...fields });
    (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return { info: (f) => write('info', f), error: (f) => write('error', f) };
}
