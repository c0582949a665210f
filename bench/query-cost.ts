// What one SQL statement costs inside MariaDB, apart from any HTTP load: run alone on one connection,
// timed by the server's own statement profiler (wall time and the CPU each stage used). CPU time moves
// far less than wall time when other work shares the machine, and it says how many such statements
// the cores can run per second at best.
import { createConnection } from 'mysql2/promise';
import { median } from './cold-start';

export type QueryCost = {
  /** Wall time of one execution: the fastest, and the median. */
  minMs: number;
  medianMs: number;
  /** CPU (user + system) of one execution, median, and the part spent in InnoDB's full-text search. */
  cpuMs: number;
  fulltextCpuMs: number;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function queryCost(dbUrl: string, query: { sql: string; parameters: unknown[] }, runs = 20) {
  const conn = await createConnection({ uri: dbUrl });
  try {
    await conn.query('SET profiling = 1, profiling_history_size = 100');
    // The first run warms the buffer pool and the statement; it is not counted.
    await conn.execute(query.sql, query.parameters as never);
    // This SELECT is profiled too, as the query after the last one recorded: the runs follow it.
    const [[{ self }]] = (await conn.query(
      'SELECT IFNULL(MAX(QUERY_ID), 0) + 1 AS self FROM information_schema.PROFILING',
    )) as never as [[{ self: number }]];
    for (let i = 0; i < runs; i++) await conn.execute(query.sql, query.parameters as never);
    const [stages] = (await conn.query(
      `SELECT QUERY_ID AS id, STATE AS state, DURATION AS duration, CPU_USER + CPU_SYSTEM AS cpu
       FROM information_schema.PROFILING WHERE QUERY_ID > ? AND QUERY_ID <= ?`,
      [self, self + runs],
    )) as never as [{ id: number; state: string; duration: string; cpu: string }[]];
    const byQuery = new Map<number, { wall: number; cpu: number; fulltext: number }>();
    for (const s of stages) {
      const q = byQuery.get(s.id) ?? { wall: 0, cpu: 0, fulltext: 0 };
      q.wall += Number(s.duration) * 1000;
      q.cpu += Number(s.cpu) * 1000;
      if (s.state === 'Fulltext initialization') q.fulltext += Number(s.cpu) * 1000;
      byQuery.set(s.id, q);
    }
    const measured = [...byQuery.values()].filter((q) => q.wall > 0);
    if (measured.length === 0) throw new Error('the statement profiler recorded nothing');
    return {
      minMs: round1(Math.min(...measured.map((q) => q.wall))),
      medianMs: round1(median(measured.map((q) => q.wall))),
      cpuMs: round1(median(measured.map((q) => q.cpu))),
      fulltextCpuMs: round1(median(measured.map((q) => q.fulltext))),
    } satisfies QueryCost;
  } finally {
    await conn.end();
  }
}
