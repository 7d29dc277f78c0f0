// Where a V8 CPU profile's time went: self time by where the code comes from (a package, a
// Casebook library or app, Node.js itself, garbage collection, idle) and by function. Used by
// bench/http.mjs on the profiles it takes; `node bench/profile-summary.mjs FILE.cpuprofile`
// prints the same for any profile (bench/projector.mjs's BENCH_PROFILE_DIR ones too).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a function's code comes from, by its script's URL. */
function originOf({ functionName, url }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle (waiting on I/O)';
    if (functionName === '(program)') return 'V8 and native code (program)';
    return `native (${functionName || 'anonymous'})`;
  }
  if (url.startsWith('node:')) return 'Node.js internals';
  const packagePath = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packagePath) return packagePath[1];
  const ours = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (ours) return `casebook ${ours[1]}`;
  return url;
}

/**
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} profile
 */
export function summariseProfile(profile, { top = 12 } = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  // The profiler's own calls (bench/profiled-app.mjs starting and stopping it) are not the app's.
  const profilers = new Set();
  for (const node of profile.nodes) {
    for (let id = node.id; id !== undefined; id = parents.get(id)) {
      if (nodes.get(id).callFrame.url.endsWith('/profiled-app.mjs')) {
        profilers.add(node.id);
        break;
      }
    }
  }
  const selfMicros = new Map();
  profile.samples.forEach((id, i) => {
    if (!profilers.has(id)) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfMicros.values()].reduce((sum, x) => sum + x, 0);
  const byOrigin = new Map();
  const byFunction = new Map();
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id).callFrame;
    const origin = originOf(frame);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
    const file = frame.url ? frame.url.replace(/^.*\/(node_modules|dist)\//, '') : '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const shares = (map) =>
    [...map]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([what, micros]) => ({ what, share: Number((micros / total).toFixed(3)) }));
  return { milliseconds: Math.round(total / 1000), byOrigin: shares(byOrigin), byFunction: shares(byFunction) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const summary = summariseProfile(JSON.parse(readFileSync(process.argv[2], 'utf8')), { top: 25 });
  process.stdout.write(`${summary.milliseconds} ms sampled\n\nby origin\n`);
  for (const row of summary.byOrigin) process.stdout.write(`${(row.share * 100).toFixed(1).padStart(6)}%  ${row.what}\n`);
  process.stdout.write('\nby function (self time)\n');
  for (const row of summary.byFunction) process.stdout.write(`${(row.share * 100).toFixed(1).padStart(6)}%  ${row.what}\n`);
}
