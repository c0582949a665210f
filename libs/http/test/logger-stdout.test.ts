import { expect, test } from 'bun:test';
import path from 'node:path';
import { lineBatch } from '../src/logger';

const fixture = path.join(import.meta.dir, 'fixtures/log-lines.ts');

/** Every line that is not the fixture's own `flushed`, parsed: a broken line fails the test. */
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '' && l !== 'flushed')
    .map((l) => JSON.parse(l));

/** The fixture's stdout and stderr, as JSON lines. */
async function run(mode: 'flush' | 'exit' | 'throw', count: number) {
  const proc = Bun.spawn([process.execPath, fixture, mode, String(count)], { stdout: 'pipe', stderr: 'pipe' });
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  await proc.exited;
  // stderr also has the uncaught error's stack, in 'throw'.
  const errJson = err.split('\n').filter((l) => l.startsWith('{'));
  return { out: jsonLines(out), err: jsonLines(errJson.join('\n')) };
}

const expectAllInOrder = (out: { requestId?: string; n?: number }[], count: number) => {
  expect(out).toHaveLength(count);
  for (const [i, line] of out.entries()) {
    if (i % 100 === 99) expect(line.n).toBe(i);
    else expect(line.requestId).toBe(`r${i}`);
  }
};

// Lines wait in a batch for up to 100 ms (one write syscall per request line cost a quarter of a
// lookup's CPU); none may be lost or reordered on the way, whichever logger wrote them.
test('info lines of every stdout logger arrive once each, in order; errors on stderr', async () => {
  const { out, err } = await run('flush', 3000);
  expectAllInOrder(out, 3000);
  expect(err).toEqual([expect.objectContaining({ level: 'error', msg: 'an error', n: 3000 })]);
});

test('lines still waiting in the batch are written when the process exits without flushing', async () => {
  expectAllInOrder((await run('exit', 500)).out, 500);
});

test('...and when it ends on an uncaught error', async () => {
  expectAllInOrder((await run('throw', 500)).out, 500);
});

test('with stdout and stderr in one file, an error line comes after the info lines logged before it', async () => {
  const proc = Bun.spawn(['sh', '-c', `exec "${process.execPath}" "${fixture}" flush 250 2>&1`], { stdout: 'pipe' });
  const lines = jsonLines(await new Response(proc.stdout).text());
  expect(lines).toHaveLength(251);
  expect(lines.at(-1)).toEqual(expect.objectContaining({ level: 'error', n: 250 }));
});

test('a non-blocking stdout nobody reads does not hold up a flushing shutdown forever', async () => {
  // `sleep` never reads: the pipe fills (far more than its 64 KiB are logged) and stays full.
  const proc = Bun.spawn(['sh', '-c', `"${process.execPath}" "${fixture}" flush-exit 6000 nonblocking | sleep 10`], {
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const reader = proc.stderr.getReader();
  let said = '';
  while (!said.includes('flushed')) {
    const { value, done } = await reader.read();
    if (done) break;
    said += new TextDecoder().decode(value);
  }
  // Said while the reader still slept: the shutdown did not wait for the pipe to drain.
  expect(said).toContain('flushed');
  expect(proc.exitCode).toBeNull();
  proc.kill();
});

test('a stdout whose reader went away (EPIPE) costs the lines, not the exit code or stderr', async () => {
  const proc = Bun.spawn(
    ['bash', '-c', `"${process.execPath}" "${fixture}" flush 3000 | true; exit "\${PIPESTATUS[0]}"`],
    { stdout: 'ignore', stderr: 'pipe' },
  );
  const err = await new Response(proc.stderr).text();
  expect(await proc.exited).toBe(0);
  expect(jsonLines(err)).toEqual([expect.objectContaining({ level: 'error', msg: 'an error', n: 3000 })]);
});

/** The fixture's stdout through a shell pipeline: `reader` reads it (`cat`: at once). */
async function throughPipe(args: string, reader = 'cat') {
  const proc = Bun.spawn(['sh', '-c', `"${process.execPath}" "${fixture}" ${args} | ${reader}`], { stdout: 'pipe' });
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  return jsonLines(text);
}

for (const stdout of ['blocking', 'nonblocking'] as const) {
  test(`${stdout} stdout: process.exit right after a burst larger than the pipe, every line still arrives`, async () => {
    expectAllInOrder(await throughPipe(`burst-exit 3000 ${stdout}`), 3000);
  });
}

test('a blocking stdout whose reader sleeps: the writes wait for it, and no line is dropped', async () => {
  const out = await throughPipe('burst-flush 20000', '(sleep 1; cat)');
  expectAllInOrder(out, 20_000);
});

test('a non-blocking stdout whose reader sleeps: lines past what is held are dropped and counted in a warning', async () => {
  // 100,000 lines (~13 MB) while the reader sleeps: past the 8M characters held, some are dropped.
  const out = await throughPipe('burst-flush 100000 nonblocking', '(sleep 1; cat)');
  const warnings = out.filter((l) => l.level === 'warn');
  expect(warnings).toHaveLength(1);
  const dropped = Number(/^(\d+) log lines dropped/.exec(warnings[0].msg)?.[1]);
  expect(dropped).toBeGreaterThan(0);
  const logged = out.filter((l) => l.level === 'info');
  // Every line is either received or counted, and those received keep their order.
  expect(logged.length + dropped).toBe(100_000);
  const seq = logged.map((l) => (l.requestId ? Number(l.requestId.slice(1)) : l.n));
  expect(seq).toEqual([...seq].sort((x, y) => x - y));
}, 30_000);

test("two processes logging bursts into one pipe (a supervisor's workers) never splice each other's lines", async () => {
  const one = `"${process.execPath}" "${fixture}" burst-flush 20000`;
  const proc = Bun.spawn(['sh', '-c', `(${one} & ${one}; wait) | cat`], { stdout: 'pipe' });
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  // jsonLines throws on a line made of two processes' pieces.
  const out = jsonLines(text);
  expect(out.filter((l) => l.requestId === 'r0')).toHaveLength(2);
  expect(out).toHaveLength(40_000);
});

test('a batch goes out once it holds maxChars, and on the timer without one', async () => {
  const written: string[] = [];
  const lines = lineBatch({ write: (text) => written.push(text) }, { everyMs: 20, maxChars: 100 });
  for (let i = 0; i < 9; i++) lines.add(`${'x'.repeat(9)}\n`);
  expect(written).toEqual([]);
  lines.add(`${'y'.repeat(9)}\n`);
  const nineX = `${'x'.repeat(9)}\n`.repeat(9);
  expect(written).toEqual([`${nineX}${'y'.repeat(9)}\n`]);
  lines.add('z\n');
  // No flush, no cap: the interval alone sends it.
  while (written.length < 2) await Bun.sleep(5);
  expect(written[1]).toBe('z\n');
  expect(lines.take()).toBe('');
});

test('while the destination holds lines back, new ones wait; past maxHeld they are dropped and counted', async () => {
  const written: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const lines = lineBatch(
    { write: (text) => (written.push(text) === 1 ? held : undefined) },
    { everyMs: 60_000, maxChars: 4, maxHeld: 10, dropped: (n) => `dropped ${n}\n` },
  );
  lines.add('a\nb\n');
  lines.add('c\nd\n');
  lines.add('e\nf\n');
  // 8 characters wait, within maxHeld.
  expect(written).toEqual(['a\nb\n']);
  expect(lines.take()).toBe('c\nd\ne\nf\n');
  lines.add('c\nd\ne\nf\n');
  // 12 characters: past maxHeld, all six lines are dropped.
  lines.add('g\nh\n');
  release();
  await lines.drained();
  lines.add('i\n');
  lines.send();
  expect(written).toEqual(['a\nb\n', 'dropped 6\ni\n']);
});
