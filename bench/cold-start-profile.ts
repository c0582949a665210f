// `npm run bench:profile -- cold-start`: one profiled cold start of each service on an existing
// embedded .data (Bun's CPU profiler, from spawn to the first 200 on a real request), summarised in
// docs/profiles/cold-start.md: where the start's main-thread time went, by package, and the hottest functions.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@greencommerce/testing';
import { embeddedEnv, once, scenarios, seed } from './cold-start';
import { ROOT } from './processes';

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[] };

/** node_modules/<pkg>, apps/<app> or libs/<lib>; Bun's own modules (node:*, bun:*) as they are named. */
function packageOf(url: string) {
  const inModules = url.split('node_modules/')[1];
  if (inModules) {
    const [scope, name] = inModules.split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const own = /\/((?:apps|libs)\/[^/]+)\//.exec(url);
  return own ? own[1]! : url.split('/')[0]!;
}

/**
 * Main-thread time by package: samples × the interval, since a sample's own delta also holds the
 * idle time before it (waiting for the hash, the socket). Native frames are charged to the
 * JavaScript that called them.
 */
function timeByPackage(profile: Profile, intervalMs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = (id: number) => {
    let n = byId.get(id);
    while (n && !n.callFrame.url && parent.has(n.id)) n = byId.get(parent.get(n.id)!);
    return n?.callFrame.url ? packageOf(n.callFrame.url) : '(native, no JavaScript caller)';
  };
  const ms = new Map<string, number>();
  for (const id of profile.samples) {
    const k = owner(id);
    ms.set(k, (ms.get(k) ?? 0) + intervalMs);
  }
  return [...ms].sort((a, b) => b[1] - a[1]);
}

const INTERVAL_US = 250;
const seeded = await seed();
const sections: string[] = [];
for (const s of await scenarios(seeded)) {
  // The sources: a bundle's profile charges every function to its one file.
  if (!s.from || s.entry !== 'sources') continue;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gc-cold-profile-'));
  const profDir = path.join(dir, 'profile');
  cpSync(s.from, dir, { recursive: true });
  mkdirSync(profDir);
  const port = freePort();
  const [bun, ...rest] = s.cmd;
  const cmd = [
    bun!,
    '--cpu-prof',
    '--cpu-prof-md',
    `--cpu-prof-dir=${profDir}`,
    `--cpu-prof-interval=${INTERVAL_US}`,
    ...rest,
  ];
  try {
    const sample = await once(cmd, embeddedEnv(dir, port, s.extra), port, s.real);
    const files = readdirSync(profDir);
    const profile = JSON.parse(
      readFileSync(path.join(profDir, files.find((f) => f.endsWith('.cpuprofile'))!), 'utf8'),
    ) as Profile;
    const md = readFileSync(path.join(profDir, files.find((f) => f.endsWith('.md'))!), 'utf8').split('\n');
    const hot = md.slice(md.findIndex((l) => l.startsWith('## Hot Functions')) + 2).slice(0, 17);
    const busy = (profile.samples.length * INTERVAL_US) / 1000;
    const packages = timeByPackage(profile, INTERVAL_US / 1000)
      .slice(0, 15)
      .map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`);
    const first = `${Math.round(sample.real ?? sample.healthz)} ms to ${s.realName ?? '/healthz'}`;
    sections.push(
      `## ${s.what}\n\n${first} (profiled: the profiler slows it); the main thread was busy for ~${busy.toFixed(0)} ms ` +
        `of it and of the stop.\n\n| package | ms |\n| --- | ---: |\n${packages.join('\n')}\n\n${hot.join('\n')}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
rmSync(seeded.dir, { recursive: true, force: true });

const out = path.join(ROOT, 'docs/profiles/cold-start.md');
writeFileSync(
  out,
  '# CPU profiles: cold starts on an existing embedded .data\n\n' +
    `\`npm run bench:profile -- cold-start\`, ${new Date().toISOString()}, load average ${os.loadavg()[0]?.toFixed(1)}. ` +
    'One start per service, spawn to the first 200 on a real request, main JavaScript thread only. ' +
    "Loading the ~600 modules (reading, transpiling, parsing) happens in Bun's native loader and is not " +
    'sampled: it, waiting for a core and the hash (argon2id runs on worker threads) make the difference ' +
    'between the busy time and the start. Native work JavaScript called (SQLite, crypto) is charged to it. ' +
    "Bun's hot-function tables count the idle time before a sample into it: a frame that " +
    'waited (for the hash, for the client) can show large there.\n\n' +
    sections.join('\n'),
);
console.log(`wrote ${path.relative(ROOT, out)}`);
