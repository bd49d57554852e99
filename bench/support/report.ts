import { cpus, loadavg, totalmem } from 'node:os';

/** One benchmark result: its figures, the target it is judged against, and whether it was met. */
export type BenchResult = { bench: string; target: string; met: boolean } & Record<string, unknown>;

/**
 * Prints one JSON line per result on stdout: scripts/bench.mjs collects exactly these lines, so
 * progress notes go to stderr (`note`).
 */
export function emit(result: BenchResult): void {
  process.stdout.write(`${JSON.stringify({ ...result, machine: machine(), at: new Date().toISOString() })}\n`);
}

export function note(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

export function machine(): { nproc: number; memGiB: number; node: string; load1: number } {
  // The 1-minute load average: other work on the machine (it is shared) shows up here.
  return { nproc: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, load1: round(loadavg()[0] ?? 0, 2) };
}

/** An integer from the environment, so longer runs need no code change. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return Math.floor(n);
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
