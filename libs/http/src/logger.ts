import { writeSync } from 'node:fs';
import pino from 'pino';
import { z } from 'zod';

export type Logger = pino.Logger;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The logging variable every app reads; spread into the app's own env schema. */
export const logEnv = { LOG_LEVEL: z.enum(LOG_LEVELS).optional() };

const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'secretAccessKey',
  'authorization',
  'cookie',
  'set-cookie',
  // Paths are case-sensitive: headers logged from a plain object (an SDK's, a proxy's) keep their case.
  'Authorization',
  'Cookie',
  'Set-Cookie',
];
// A pino wildcard matches exactly one level, so each key is listed at every depth a log object
// reaches (`*.*["authorization"]` covers req.headers.authorization); brackets admit `set-cookie`.
const REDACT_PATHS = SECRET_KEYS.map((key) => `["${key}"]`).flatMap((key) => [
  key,
  `*${key}`,
  `*.*${key}`,
  `*.*.*${key}`,
]);

const FLUSH_EVERY_MS = 100;
// Characters, not bytes: a line of non-ASCII text takes more bytes than it counts here.
const BATCH_CHARS = 32 * 1024;
const HELD_CHARS = 8 * 1024 * 1024;
const ERROR_LEVEL = pino.levels.values.error ?? 50;
const INFO_LEVEL = pino.levels.values.info ?? 30;

/**
 * Lines gathered in memory and handed to `out` together, every `everyMs` or once `maxChars` have
 * gathered: a write per request line cost a quarter of a lookup's CPU, and Bun's stdout writer,
 * which batched them before, still wrote at the end of every event-loop turn, about one request's
 * line under load.
 *
 * `out.write` returns a promise when its destination did not take everything (a full non-blocking
 * pipe): until it settles, lines wait here, and past `maxHeld` characters they are dropped and
 * counted, so a log reader that stops reading costs lines, never unbounded memory. `dropped(n)` is
 * the line that says so, written first once the destination takes lines again.
 */
export function lineBatch(
  out: { write(text: string): unknown },
  {
    everyMs = FLUSH_EVERY_MS,
    maxChars = BATCH_CHARS,
    maxHeld = HELD_CHARS,
    dropped = (n: number) => `${n} lines dropped\n`,
  } = {},
) {
  let batch = '';
  let droppedLines = 0;
  let backedUp: Promise<void> | undefined;
  const send = () => {
    if (batch === '' && droppedLines === 0) return;
    if (backedUp) {
      if (batch.length > maxHeld) {
        droppedLines += batch.split('\n').length - 1;
        batch = '';
      }
      return;
    }
    const pending = out.write(take());
    if (pending instanceof Promise) {
      const settled = () => {
        backedUp = undefined;
      };
      backedUp = pending.then(settled, settled);
    }
  };
  /** What waits, taken out of the batch, after the line saying how many were dropped (if any). */
  const take = () => {
    const text = droppedLines > 0 ? dropped(droppedLines) + batch : batch;
    batch = '';
    droppedLines = 0;
    return text;
  };
  setInterval(send, everyMs).unref();
  return {
    add(line: string) {
      batch += line;
      if (batch.length >= maxChars) send();
    },
    send,
    /** Settles once the destination has taken what it was given (at once when it took it all). */
    drained: () => backedUp ?? Promise.resolve(),
    /** Whether lines (or a count of dropped ones) wait here. */
    isWaiting: () => batch !== '' || droppedLines > 0,
    take,
  };
}

const RETRY_MS = 10;
/** What a pipe writes at once (POSIX's PIPE_BUF on Linux): a longer write can mix with another's. */
const PIPE_BUF = 4096;

/**
 * The start of `buf` up to PIPE_BUF bytes, ending at a line's end: the workers of one service share
 * their supervisor's stdout, and a larger write of one could be split around another's, splicing
 * their lines. A single line longer than that goes whole (it may mix; no shorter write helps).
 */
function lineChunk(buf: Buffer): Buffer {
  if (buf.length <= PIPE_BUF) return buf;
  const end = buf.lastIndexOf(10, PIPE_BUF - 1);
  if (end >= 0) return buf.subarray(0, end + 1);
  const next = buf.indexOf(10, PIPE_BUF);
  return next >= 0 ? buf.subarray(0, next + 1) : buf;
}

const EXIT_WRITE_MS = 2000;

/**
 * Writes to a file descriptor with write(2) itself and keeps what the file did not take, so no byte
 * is ever left with a writer that may drop it: Bun's stdout writer lost most of a burst that filled
 * the pipe when the process exited right after (893 of 3,000 lines arrived, one cut in half).
 * On a blocking descriptor (a pipe or file as a shell or supervisor hands it over) a write waits for
 * the reader, as pino's synchronous destination does: a log reader that stops reading stops the
 * process, and nothing is lost, reordered or piled up in memory. On a non-blocking one (some parent
 * processes set that) a full pipe refuses with EAGAIN: the rest waits here and is written again
 * every RETRY_MS, and `write` returns a promise that settles once it has gone. A reader that went
 * away (EPIPE) costs the bytes, not an exception.
 */
export function fdWriter(fd: number) {
  let pending: Buffer | undefined;
  let retrying: Promise<void> | undefined;
  /** Writes what it can; true once nothing is pending. */
  const writeSome = (deadline?: number): boolean => {
    while (pending) {
      try {
        const n = writeSync(fd, lineChunk(pending));
        pending = n < pending.length ? pending.subarray(n) : undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') pending = undefined;
        else if (deadline === undefined) return false;
        else if (Date.now() > deadline) pending = undefined;
        else Bun.sleepSync(2);
      }
    }
    return true;
  };
  const retry = () =>
    new Promise<void>((resolve) => {
      const again = () => {
        if (writeSome()) {
          retrying = undefined;
          resolve();
        } else setTimeout(again, RETRY_MS);
      };
      setTimeout(again, RETRY_MS);
    });
  return {
    write(text: string): Promise<void> | undefined {
      const bytes = Buffer.from(text);
      pending = pending ? Buffer.concat([pending, bytes]) : bytes;
      if (retrying) return retrying;
      if (writeSome()) return undefined;
      retrying = retry();
      return retrying;
    },
    /**
     * As the process exits (no event loop left): writes what is pending and `text`, waiting out a
     * full non-blocking pipe for up to EXIT_WRITE_MS, then giving up on the rest. Never throws.
     */
    writeBeforeExit(text: string) {
      if (text !== '') pending = pending ? Buffer.concat([pending, Buffer.from(text)]) : Buffer.from(text);
      writeSome(Date.now() + EXIT_WRITE_MS);
    },
  };
}

/**
 * Info lines go to stdout in batches (a synchronous write per request cost a quarter of the CPU of
 * GET /user/info); errors go to stderr at once, after sending the info lines logged before them (in
 * that order where both share a file, unless stdout is a full non-blocking pipe). pino tells the
 * sink each line's level through `lastLevel`.
 */
function createStdioSink() {
  const out = fdWriter(1);
  const lines = lineBatch(out, {
    dropped: (n) =>
      `{"level":"warn","time":"${new Date().toISOString()}","pid":${process.pid},"msg":"${n} log lines dropped: stdout was not read"}\n`,
  });
  // A process that ends without flushLogger (process.exit, an uncaught error) still writes what
  // waits. A signal's default action (SIGKILL, an unhandled SIGHUP) ends it with no exit event: up
  // to FLUSH_EVERY_MS of lines are lost then. Nothing here may throw: it would change the exit code.
  process.once('exit', () => {
    try {
      out.writeBeforeExit(lines.take());
    } catch {}
  });
  return {
    [pino.symbols.needsMetadataGsym]: true as const,
    lastLevel: 0,
    write(line: string) {
      if (this.lastLevel < ERROR_LEVEL) return lines.add(line);
      lines.send();
      process.stderr.write(line);
    },
    writeInfo: lines.add,
    async flush(done: (err?: Error) => void) {
      // Lines held while stdout was backed up (and the count of dropped ones) go once it drains.
      do {
        lines.send();
        await lines.drained();
      } while (lines.isWaiting());
      done();
    },
  };
}

/** One for the process: every logger's lines share its batch, so they keep their order. */
let stdioSinkOfProcess: ReturnType<typeof createStdioSink> | undefined;
const stdioSink = () => {
  stdioSinkOfProcess ??= createStdioSink();
  return stdioSinkOfProcess;
};

/** Per logger made by createLogger: writes an info line whose fields are already JSON (`"a":1,"b":"x"`). */
const infoLineWriters = new WeakMap<Logger, (fields: string) => void>();

let isoMs = 0;
let isoTime = '';
/** pino's isoTime, formatted once per millisecond: a busy server logs many lines in each. */
function isoNow() {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoTime = new Date(now).toISOString();
  }
  return isoTime;
}

/**
 * One JSON object per line (pino), with secrets redacted wherever they sit in the logged object,
 * and errors serialized with their `cause` chain (the refused connection behind a 503).
 */
export function createLogger(
  service: string,
  opts: { level?: LogLevel; destination?: pino.DestinationStream } = {},
): Logger {
  const sink = opts.destination ? undefined : stdioSink();
  const logger = pino(
    {
      level: opts.level ?? 'info',
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: { err: pino.stdSerializers.errWithCause },
    },
    opts.destination ?? sink,
  );
  // Where pino sends an info line: the stdio sink's stdout buffer, or the given destination.
  const writeInfo = sink ? sink.writeInfo : (line: string) => opts.destination?.write(line);
  // What pino writes before a line's own fields, with this logger's base fields.
  const base = `,"service":${JSON.stringify(service)},"pid":${process.pid}`;
  infoLineWriters.set(logger, (fields) => writeInfo(`{"level":"info","time":"${isoNow()}"${base},${fields}}\n`));
  return logger;
}

/** The fields of the one line logged per request; none of them can hold a secret. */
export type RequestLine = { requestId: string; method: string; path: string; status: number; ms: number };

/**
 * Writes the one line per request. It is formatted here, not by pino: pino's generic path (walking
 * the object, the serializers, the level and time hooks) cost ~2.5 µs a line, this ~1 µs, on every
 * request. The line is what `logger.info(line)` would write (level, time, service, pid, then the
 * fields), through the same destination and level. A logger not made by createLogger (a child)
 * logs through pino.
 */
export function requestLogger(logger: Logger): (line: RequestLine) => void {
  const write = infoLineWriters.get(logger);
  if (!write) return (line) => logger.info(line);
  return ({ requestId, method, path, status, ms }) => {
    if (logger.levelVal > INFO_LEVEL) return;
    write(
      `"requestId":${JSON.stringify(requestId)},"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"ms":${ms}`,
    );
  };
}

/** LOG_LEVEL when set, else info (silent under NODE_ENV=test). */
export const loggerFromEnv = (service: string, env: { NODE_ENV: string; LOG_LEVEL?: LogLevel }) =>
  createLogger(service, { level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info') });

const FLUSH_TIMEOUT_MS = 5000;

/**
 * Writes out what is buffered; call before exiting. A stdout nobody reads (a stalled pipe) never
 * drains: after `timeoutMs` the shutdown goes on without it, and what Bun's writer still holds is lost.
 */
export const flushLogger = (logger: Logger, { timeoutMs = FLUSH_TIMEOUT_MS } = {}) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // A logger that cannot flush (a destination's error) must not keep a shutdown from exiting.
    try {
      logger.flush(done);
    } catch {
      done();
    }
  });
