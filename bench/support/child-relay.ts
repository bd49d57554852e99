import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { benchStoreEnv } from '../relays/bench-store.ts';
import { fileURLToPath } from 'node:url';

export type RelayKind = 'safeplan' | 'bare-broadcast' | 'yjs-websocket';

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** A relay running in its own process, so it gets its own core and its memory can be read alone. */
export interface ChildRelay {
  kind: RelayKind;
  port: number;
  pid: number;
  /** ws URL; the bare and Yjs relays use the path as the room name. */
  url(room?: string): string;
  /**
   * CPU time the relay process has used so far (every thread: event loop, writer thread, GC), in
   * microseconds, read from /proc. Differences over a step give the relay's own CPU per delivery,
   * apart from the load generator's, which shares the machine.
   */
  cpuMicros(): number;
  /** Memory after a full GC in the child. */
  memory(): Promise<MemoryFigures>;
  /** Safeplan relay only: the bytes its store holds for one plan (base64url id). */
  storedBytes(planKey: string): Promise<StoredBytes>;
  stop(): Promise<void>;
}

export interface ChildRelayOptions {
  /** Safeplan relay only: overrides of its limits (see docs/performance.md for when and why). */
  limits?: Record<string, number>;
  /** Extra node flags for the child, e.g. --cpu-prof for a profile of the relay. */
  execArgv?: string[];
  /** Safeplan relay only: files it serves over HTTP as well (a benchmark page for Chromium). */
  staticDir?: string;
  /** Extra environment for the child (e.g. SAFEPLAN_PG_SCHEMA for relays that share one schema). */
  env?: Record<string, string>;
}

const entries: Record<RelayKind, string> = {
  safeplan: fileURLToPath(new URL('../relays/safeplan.ts', import.meta.url)),
  'bare-broadcast': fileURLToPath(new URL('../relays/bare-broadcast.ts', import.meta.url)),
  'yjs-websocket': fileURLToPath(new URL('../relays/yjs-websocket.ts', import.meta.url)),
};

export interface StoredBytes {
  envelopes: number;
  snapshot: number;
  log: number;
  /** The whole SQLite file and its WAL (every plan, indexes, free pages). */
  files: number;
}

type Reply =
  | { type: 'ready'; port: number }
  | { type: 'memory'; memory: MemoryFigures }
  | { type: 'stored'; value: StoredBytes }
  | { type: 'failed'; message: string };

export async function startChildRelay(kind: RelayKind, options: ChildRelayOptions = {}): Promise<ChildRelay> {
  const profile = process.env.BENCH_PROFILE_RELAY ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE_RELAY}`] : [];
  const child = fork(entries[kind], [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...profile, ...(options.execArgv ?? [])],
    env: { ...process.env, ...benchStoreEnv(), BENCH_RELAY_LIMITS: JSON.stringify({ ...envLimits(), ...options.limits }), BENCH_RELAY_STATIC_DIR: options.staticDir ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const first = await nextReply(child);
  if (first.type !== 'ready') throw new Error(`${kind} relay did not start: ${first.type === 'failed' ? first.message : first.type}`);
  const { port } = first;
  return {
    kind,
    port,
    pid: child.pid as number,
    url: (room = '') => `ws://127.0.0.1:${port}/${room}`,
    cpuMicros: () => processCpuMicros(child.pid as number),
    async memory() {
      const reply = nextReply(child);
      child.send({ type: 'memory' });
      const r = await reply;
      if (r.type !== 'memory') throw new Error(`expected memory figures from the ${kind} relay`);
      return r.memory;
    },
    async storedBytes(planKey) {
      const reply = nextReply(child);
      child.send({ type: 'stored', planKey });
      const r = await reply;
      if (r.type !== 'stored') throw new Error(`no stored bytes from the ${kind} relay: ${r.type === 'failed' ? r.message : r.type}`);
      return r.value;
    },
    stop: () => stopChild(child),
  };
}

function nextReply(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`relay child exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as Reply);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * utime + stime in microseconds from the text of a /proc stat file: /proc/<pid>/stat (a process,
 * all its threads) or /proc/<pid>/task/<tid>/stat (one thread). `path` names the file in the error.
 */
export function statCpuMicros(stat: string, path: string): number {
  // The command name (field 2) is in parentheses and may hold spaces; fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read CPU time from ${path}`);
  return ((utime + stime) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** utime + stime of a process (all its threads) from /proc/<pid>/stat, in microseconds. */
export function processCpuMicros(pid: number): number {
  const path = `/proc/${pid}/stat`;
  return statCpuMicros(readFileSync(path, 'utf8'), path);
}

/** BENCH_RELAY_LIMITS (JSON) set for the whole run, e.g. more new plans a day for a wider relay-throughput; a benchmark's own limits win. */
function envLimits(): Record<string, number> {
  return JSON.parse(process.env.BENCH_RELAY_LIMITS ?? '{}') as Record<string, number>;
}
