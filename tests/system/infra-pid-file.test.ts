import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dir, '../..');

/** A port nothing listens on. */
function closedPort() {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a pid file whose pid now belongs to another process: that process is neither taken for the broker nor stopped', () => {
  const state = mkdtempSync(path.join(tmpdir(), 'gc-infra-'));
  // The broker is gone (a reboot, a crash) and its pid went to an unrelated process.
  const stranger = Bun.spawn(['sleep', '120']);
  const port = closedPort();
  writeFileSync(path.join(state, 'kafka.pid'), `${stranger.pid} ${port}\n`);
  const env = { ...process.env, INFRA_STATE: state, INFRA_OWN: '1', KAFKA_PORT: String(port) };
  try {
    const ours = Bun.spawnSync(['bash', '-c', 'source infra/lib.sh && ours kafka "$KAFKA_PORT"'], { cwd: ROOT, env });
    expect(ours.exitCode).toBe(1);
    const down = Bun.spawnSync(['bash', 'infra/down.sh', 'kafka'], { cwd: ROOT, env });
    expect(down.exitCode).toBe(0);
    expect(alive(stranger.pid)).toBe(true);
  } finally {
    stranger.kill();
    rmSync(state, { recursive: true, force: true });
  }
});
