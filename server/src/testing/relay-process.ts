import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshPgSchema, TEST_PG_URL, type TestPgSchema } from './postgres-schema.ts';
import type { TestStoreKind } from './relay.ts';
import { newTempDir } from './temp-dir.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** tsx as a loader in the relay's own process: a `tsx` CLI parent would survive kill -9 of its child and vice versa. */
const tsxLoader = pathToFileURL(join(root, 'server/node_modules/tsx/dist/loader.mjs')).href;
const LISTENING = /Safeplan relay listening on http:\/\/localhost:(\d+)/;

export interface RelayProcess {
  /** http://localhost:<port>; the same across restarts. */
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** The PostgreSQL schema (store: 'postgres'), the same across restarts. */
  readonly pgSchema: string | undefined;
  readonly pid: number | undefined;
  /** Everything the process printed (stdout and stderr), line by line, across restarts. */
  output(): string[];
  /** The process's resident memory now, in bytes (Linux /proc). */
  rss(): number;
  /** SIGKILL: no shutdown code runs, exactly like a crash or power loss of the process. */
  kill9(): Promise<void>;
  /** Starts the relay again on the same data dir and port. */
  restart(): Promise<void>;
  /** SIGTERM: the graceful shutdown (drain, then close); resolves with the exit code once it exited. */
  terminate(): Promise<number | null>;
  /** SIGTERM and wait; removes the data dir if this helper made it. */
  stop(): Promise<void>;
}

export interface RelayProcessOptions {
  dataDir?: string;
  staticDir?: string;
  /** Default 0: any free port, kept for restarts. */
  port?: number;
  /** How long to wait for the port line (the first start compiles TypeScript). */
  startTimeoutMs?: number;
  /** Extra environment, e.g. the relay's limits (`SAFEPLAN_MAX_CONNECTIONS`, README). */
  env?: Record<string, string>;
  /** Default sqlite. postgres: SAFEPLAN_STORE=<SAFEPLAN_TEST_PG> in a fresh schema, dropped on stop. */
  store?: TestStoreKind;
  /** postgres: reuse this schema (a second relay on the same database); kept on stop. */
  pgSchema?: string;
  /**
   * A built relay (`server/dist/main.js` or tests/support/built-relay.ts) to run with plain node;
   * default: server/src/main.ts through tsx.
   */
  builtMain?: string;
}

/** Runs the relay as a child process: server/src/main.ts through tsx, or a built main.js in plain node. */
export async function startRelayProcess(options: RelayProcessOptions = {}): Promise<RelayProcess> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? newTempDir('relay-process-');
  const fresh: TestPgSchema | undefined = options.store === 'postgres' && !options.pgSchema ? await freshPgSchema() : undefined;
  const pgSchema = options.pgSchema ?? fresh?.schema;
  const lines: string[] = [];
  let port = options.port ?? 0;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(port), SAFEPLAN_DATA_DIR: dataDir };
    if (pgSchema) {
      env.SAFEPLAN_STORE = TEST_PG_URL;
      env.SAFEPLAN_PG_SCHEMA = pgSchema;
    } else if (!options.env?.SAFEPLAN_STORE) {
      // The test chose SQLite: a SAFEPLAN_STORE of the shell running the tests must not move it.
      delete env.SAFEPLAN_STORE;
      delete env.SAFEPLAN_PG_SCHEMA;
    }
    if (options.staticDir) env.SAFEPLAN_STATIC_DIR = options.staticDir;
    else delete env.SAFEPLAN_STATIC_DIR;
    const args = options.builtMain ? [options.builtMain] : ['--import', tsxLoader, join(root, 'server/src/main.ts')];
    // Not NODE_OPTIONS of the test runner either: a built relay must start in bare node.
    if (options.builtMain) delete env.NODE_OPTIONS;
    const proc = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay did not start:\n${lines.join('\n')}`)), options.startTimeoutMs ?? 30_000);
      let buffered = '';
      const onData = (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const line of parts) {
          lines.push(line);
          const m = LISTENING.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`relay exited (${code ?? signal}) before listening:\n${lines.join('\n')}`));
      });
    });
  };

  const waitExit = (signal: NodeJS.Signals) => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };

  try {
    await launch();
  } catch (err) {
    await fresh?.drop();
    throw err;
  }
  return {
    get url() {
      return `http://localhost:${port}`;
    },
    get wsUrl() {
      return `ws://localhost:${port}/`;
    },
    get port() {
      return port;
    },
    dataDir,
    pgSchema,
    get pid() {
      return (child as ChildProcess | null)?.pid;
    },
    output: () => [...lines],
    rss: () => {
      const pid = (child as ChildProcess | null)?.pid;
      const m = pid ? /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8')) : null;
      if (!m) throw new Error('no RSS for the relay process');
      return Number(m[1]) * 1024;
    },
    kill9: () => waitExit('SIGKILL'),
    terminate: () => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc?.exitCode ?? null);
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      return exited.finally(() => {
        if (child === proc) child = null;
      });
    },
    restart: async () => {
      await waitExit('SIGKILL');
      await launch();
    },
    stop: async () => {
      await waitExit('SIGTERM');
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      await fresh?.drop();
    },
  };
}
