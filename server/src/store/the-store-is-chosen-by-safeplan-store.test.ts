import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newTempDir } from '../testing/temp-dir.ts';
import { storeFromEnv } from './store-from-env.ts';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const tsxLoader = pathToFileURL(`${serverDir}node_modules/tsx/dist/loader.mjs`).href;

/** `node server/src/main.ts` with this environment, to its exit. */
function runRelay(env: Record<string, string>) {
  const dataDir = newTempDir('store-choice-');
  const result = spawnSync(process.execPath, ['--import', tsxLoader, `${serverDir}src/main.ts`], {
    env: { ...process.env, PORT: '0', SAFEPLAN_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  rmSync(dataDir, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('SAFEPLAN_STORE chooses the store', () => {
  it('is SQLite when unset or "sqlite", PostgreSQL for a postgres:// or postgresql:// URL', () => {
    expect(storeFromEnv({})).toEqual({ kind: 'sqlite' });
    expect(storeFromEnv({ SAFEPLAN_STORE: 'sqlite' })).toEqual({ kind: 'sqlite' });
    expect(storeFromEnv({ SAFEPLAN_STORE: 'postgres://relay@db:5432/safeplan', SAFEPLAN_PG_SCHEMA: 'relay_a', SAFEPLAN_PG_POOL_SIZE: '4' })).toEqual({
      kind: 'postgres',
      url: 'postgres://relay@db:5432/safeplan',
      schema: 'relay_a',
      poolSize: 4,
    });
    expect(storeFromEnv({ SAFEPLAN_STORE: 'postgresql://db/safeplan' })).toMatchObject({ kind: 'postgres', poolSize: 8 });
  });

  it('refuses anything else by name, without echoing a value that may hold a password', () => {
    expect(() => storeFromEnv({ SAFEPLAN_STORE: 'mysql://root:topsecret@db/x' })).toThrow(/^SAFEPLAN_STORE must be "sqlite"/);
    expect(() => storeFromEnv({ SAFEPLAN_STORE: 'mysql://root:topsecret@db/x' })).not.toThrow(/topsecret/);
    expect(() => storeFromEnv({ SAFEPLAN_STORE: 'postgres://db/x', SAFEPLAN_PG_POOL_SIZE: '0' })).toThrow(/SAFEPLAN_PG_POOL_SIZE/);
    expect(() => storeFromEnv({ SAFEPLAN_STORE: 'postgres://db/x', SAFEPLAN_PG_SCHEMA: 'a;drop' })).toThrow(/SAFEPLAN_PG_SCHEMA/);
  });

  it('stops the relay at start: a bad value with exit 2, an unreachable database with exit 1, never printing the password', () => {
    const bad = runRelay({ SAFEPLAN_STORE: 'postgress://relay:topsecret@127.0.0.1/x' });
    expect(bad.status).toBe(2);
    expect(bad.output).toContain('SAFEPLAN_STORE must be "sqlite"');
    expect(bad.output).not.toContain('topsecret');

    const unreachable = runRelay({ SAFEPLAN_STORE: 'postgres://relay:topsecret@127.0.0.1:1/x' });
    expect(unreachable.status).toBe(1);
    expect(unreachable.output).toContain('Safeplan relay could not start: cannot open the PostgreSQL store at postgres://relay:***@127.0.0.1:1/x');
    expect(unreachable.output).not.toContain('topsecret');
  });

  it('is listed in README with its PostgreSQL options', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const name of ['SAFEPLAN_STORE', 'SAFEPLAN_PG_SCHEMA', 'SAFEPLAN_PG_POOL_SIZE']) expect(readme, name).toContain(name);
  });
});
