import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes';

type Row = { what: string; config: string; figures: Record<string, number>; baseline: string; ratio?: number };

/** Collects figures as they are measured, prints each, and writes docs/benchmarks.{md,json} at the end. */
export function createReport(seconds: number) {
  const rows: Row[] = [];
  return {
    record(what: string, config: string, figures: Record<string, number>, baseline = '', ratio?: number) {
      rows.push({ what, config, figures, baseline, ratio });
      const ratioText = ratio === undefined ? '' : `  → ${(ratio * 100).toFixed(0)}% of ${baseline}`;
      console.log(`${what} [${config}] ${JSON.stringify(figures)}${ratioText}`);
    },
    write() {
      const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Bun ${Bun.version}`;
      const docs = path.join(ROOT, 'docs');
      mkdirSync(docs, { recursive: true });
      const json = { date: new Date().toISOString(), machine, seconds, command: 'npm run bench', rows };
      writeFileSync(path.join(docs, 'benchmarks.json'), `${JSON.stringify(json, null, 2)}\n`);
      const table = rows
        .map((r) => {
          const figures = Object.entries(r.figures)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          const ratio = r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}% of ${r.baseline}`;
          return `| ${r.what} | ${r.config} | ${figures} | ${ratio} |`;
        })
        .join('\n');
      // Only the part between the markers is rewritten; the method and analysis around it stay.
      const [open, close] = ['<!-- results -->', '<!-- /results -->'];
      const file = path.join(docs, 'benchmarks.md');
      const existing = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${open}\n${close}\n`;
      const head = existing.slice(0, existing.indexOf(open));
      const tail = existing.slice(existing.indexOf(close));
      const body = `${open}\nLast run: ${json.date}, \`npm run bench\`, ${seconds} s per figure, on ${machine}.\n\n| what | configuration | figures (req/s, latency ms, MiB) | against the same-run baseline |\n| --- | --- | --- | --- |\n${table}\n`;
      writeFileSync(file, `${head}${body}${tail}`);
      console.log('\nwrote docs/benchmarks.md and docs/benchmarks.json');
    },
  };
}
export type Report = ReturnType<typeof createReport>;
