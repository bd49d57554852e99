import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Summarises `node --cpu-prof` output: the functions with the most self time. Usage:
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile | dir> [top=15]
 * For a directory, the largest profile in it (the busiest thread) is read.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function topSelfTime(profile: Profile, top = 15): { fn: string; where: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}|${where}`;
    const entry = selfUs.get(key) ?? { fn: functionName || '(anonymous)', where, us: 0 };
    entry.us += dt;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ fn: e.fn, where: e.where, ms: Math.round(e.us / 1000), share: Math.round((e.us / total) * 1000) / 10 }));
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const pnpm = path.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)$/);
  if (pnpm) return pnpm[1] as string;
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

function pickFile(target: string): string {
  if (!statSync(target).isDirectory()) return target;
  const files = readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${target}`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile | dir> [top]');
    process.exit(2);
  }
  const file = pickFile(target);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  console.info(`${file}: ${seconds.toFixed(1)} s sampled`);
  console.info('| self ms | share | function | where |\n| ---: | ---: | --- | --- |');
  for (const r of topSelfTime(profile, Number(process.argv[3] ?? 15))) console.info(`| ${r.ms} | ${r.share}% | \`${r.fn}\` | ${r.where} |`);
}
