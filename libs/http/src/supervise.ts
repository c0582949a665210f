import { createLogger, flushLogger } from './logger';

/** What the code after `superviseWorkers` needs to know about the process it runs in. */
export type Worker = {
  /** 0 for the only process or the first worker: the one that runs once-per-service jobs. */
  index: number;
  primary: boolean;
  /** The port to listen on (a port 0 is resolved once, so that every worker shares it). */
  port: number;
  /** True when other workers listen on the same port (reusePort); a lone process listens alone. */
  sharesPort: boolean;
  /** Tells the supervisor this worker listens; call it once serving. */
  ready(): void;
};

/** A worker that exits before it listens this many times in a row means the service cannot start. */
const MAX_START_FAILURES = 5;
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 5_000;
/** A worker that served this long before it crashed starts again without the accumulated backoff. */
const STABLE_AFTER_MS = 30_000;

/** The command that runs this same program again: a compiled binary's argv[1] is its own virtual entry path. */
function ownCommand() {
  const compiled = Bun.main.startsWith('/$bunfs/') || /^[A-Z]:[\\/]~BUN[\\/]/i.test(Bun.main);
  return compiled
    ? [process.execPath, ...process.argv.slice(2)]
    : [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
}

/**
 * Takes the port alone for a moment, without reusePort: a server already there (a stale one from
 * an earlier start, which reusePort would silently let us share the port with) makes this fail.
 */
function claimPort(name: string, hostname: string, port: number) {
  try {
    const probe = Bun.listen({ hostname, port, socket: { data() {} } });
    const bound = probe.port;
    probe.stop(true);
    return bound;
  } catch (err) {
    const inUse = (err as { code?: string }).code === 'EADDRINUSE';
    console.error(
      inUse
        ? `${name}: port ${port} on ${hostname} is already in use (another ${name}, or a stale server from an earlier start?); stop it or set another port`
        : `${name}: cannot listen on ${hostname}:${port}: ${String(err)}`,
    );
    process.exit(1);
  }
}

/**
 * With `workers` = 1, returns at once: this process is the service. With more, this process
 * becomes a supervisor that never returns: it runs `workers` copies of this same program (the
 * same script or compiled binary, marked GC_WORKER=1) sharing the port, restarts a worker that
 * dies (with backoff), gives up with exit code 1 when workers keep dying before they listen, and
 * on SIGTERM/SIGINT lets every worker drain and exits after the last. In a worker it returns
 * that worker's place.
 */
export async function superviseWorkers(opts: {
  name: string;
  workers: number;
  hostname: string;
  port: number;
}): Promise<Worker> {
  if (process.env.GC_WORKER === '1') return asWorker();
  const port = claimPort(opts.name, opts.hostname, opts.port);
  if (opts.workers <= 1) return { index: 0, primary: true, port, sharesPort: false, ready() {} };
  supervise(opts.name, opts.workers, port);
  return new Promise<never>(() => {});
}

function asWorker(): Worker {
  const index = Number(process.env.GC_WORKER_INDEX ?? 0);
  // A supervisor that died without stopping us (SIGKILL) must not leave us holding the port.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // Stopped while still starting: nothing is served yet, so nothing to drain; a clean exit, not a
  // death by signal that the supervisor would report as a failure. serveApp's handlers take over.
  const early = () => process.exit(0);
  process.on('SIGTERM', early);
  process.on('SIGINT', early);
  return {
    index,
    primary: index === 0,
    port: Number(process.env.GC_WORKER_PORT),
    sharesPort: true,
    ready: () => {
      process.off('SIGTERM', early);
      process.off('SIGINT', early);
      process.send?.('ready');
    },
  };
}

type Slot = { index: number; proc?: Bun.Subprocess; ready: boolean; startedAt: number; crashes: number };

function supervise(name: string, count: number, port: number) {
  const log = createLogger(name);
  const command = ownCommand();
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    index,
    ready: false,
    startedAt: 0,
    crashes: 0,
  }));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let startFailures = 0;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const s of slots) if (s.proc?.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
    const codes = await Promise.all(
      // A worker still loading its modules has no handler yet: SIGTERM ends it, and that is a clean stop.
      slots.map(async (s) => ((await s.proc?.exited) === 0 || (!s.ready && s.proc?.signalCode === 'SIGTERM') ? 0 : 1)),
    );
    for (const [i, c] of codes.entries()) if (c !== 0) log.error(`${name}: worker ${i} failed while stopping`);
    log.info(`${name} supervisor stopped`);
    await flushLogger(log);
    process.exit(code || Math.max(0, ...codes));
  };

  const spawn = (slot: Slot) => {
    slot.ready = false;
    slot.startedAt = performance.now();
    const proc = Bun.spawn(command, {
      env: { ...process.env, GC_WORKER: '1', GC_WORKER_INDEX: String(slot.index), GC_WORKER_PORT: String(port) },
      stdin: 'ignore',
      stdout: 'inherit',
      stderr: 'inherit',
      ipc(message) {
        if (message !== 'ready') return;
        slot.ready = true;
        startFailures = 0;
      },
    });
    slot.proc = proc;
    void proc.exited.then((code) => {
      if (!stopping) onExit(slot, proc, code);
    });
  };

  const onExit = (slot: Slot, proc: Bun.Subprocess, code: number) => {
    const how = proc.signalCode ? `signal ${proc.signalCode}` : `code ${code}`;
    if (!slot.ready && ++startFailures >= MAX_START_FAILURES) {
      log.error(
        `${name}: workers exited before listening ${startFailures} times in a row (last: worker ${slot.index}, ${how}); giving up`,
      );
      void stopAll(1);
      return;
    }
    if (performance.now() - slot.startedAt >= STABLE_AFTER_MS) slot.crashes = 0;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** slot.crashes++);
    log.error({ delayMs: delay }, `${name}: worker ${slot.index} (pid ${proc.pid}) exited with ${how}; restarting`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopping) spawn(slot);
    }, delay);
    timers.add(timer);
  };

  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGINT', () => void stopAll(0));
  for (const slot of slots) spawn(slot);
  log.info({ workers: count, port }, `${name} supervisor started`);
}
