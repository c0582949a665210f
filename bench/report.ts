import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes';

type Row = { what: string; config: string; figures: Record<string, number>; baseline: string; ratio?: number };

/**
 * Collects figures as they are measured, prints each, and writes docs/benchmarks.{md,json} at the end.
 * `section` names the marked part of benchmarks.md it rewrites (and its JSON file), so that a partial
 * run (`BENCH_ONLY=catalog`) leaves the other figures alone.
 */
export function createReport(seconds: number, section = 'results', command = 'npm run bench') {
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
      const json = { date: new Date().toISOString(), machine, seconds, command, rows };
      const jsonName = section === 'results' ? 'benchmarks.json' : `benchmarks-${section}.json`;
      writeFileSync(path.join(docs, jsonName), `${JSON.stringify(json, null, 2)}\n`);
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
      const [open, close] = [`<!-- ${section} -->`, `<!-- /${section} -->`];
      const file = path.join(docs, 'benchmarks.md');
      let existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
      if (!existing.includes(open)) existing = `${existing.trimEnd()}\n\n${open}\n${close}\n`;
      const head = existing.slice(0, existing.indexOf(open));
      const tail = existing.slice(existing.indexOf(close));
      const perFigure = seconds ? `, ${seconds} s per figure` : '';
      // The machine is shared: the load beside the figures says how much to trust the wall-clock ones.
      const load = os.loadavg().map((l) => l.toFixed(1));
      const body = `${open}\nLast run: ${json.date}, \`${command}\`${perFigure}, on ${machine}; load average ${load.join(', ')} when it ended.\n\n| what | configuration | figures (req/s, latency ms, MiB) | against the same-run baseline |\n| --- | --- | --- | --- |\n${table}\n`;
      writeFileSync(file, `${head}${body}${tail}`);
      console.log(`\nwrote docs/benchmarks.md and docs/${jsonName}`);
    },
  };
}
export type Report = ReturnType<typeof createReport>;
