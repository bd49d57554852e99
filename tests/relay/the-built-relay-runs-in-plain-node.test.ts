import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ready, type Sodium } from '@safeplan/schema/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { buildRelay, type BuiltRelay } from '../support/built-relay.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';

let sodium: Sodium;
let built: BuiltRelay;
let relay: RelayProcess;

beforeAll(async () => {
  sodium = await ready();
  built = await buildRelay();
  console.info(`relay build: ${Math.round(built.buildMs)} ms`);
  relay = await startRelayProcess({ builtMain: built.main });
});
afterAll(async () => {
  await relay?.stop();
  built?.remove();
});

describe('the relay built to JavaScript', () => {
  it('is plain JavaScript: no TypeScript file is loaded, the writer thread is its own built file', () => {
    const main = readFileSync(built.main, 'utf8');
    // Every relative import and the writer thread resolve to .js files of the build.
    expect(main).not.toMatch(/from\s+["'][^"']+\.ts["']/);
    expect(main).not.toMatch(/@safeplan\/schema/);
    expect(readFileSync(join(dirname(built.main), 'sqlite-writer-thread.js'), 'utf8')).toContain('better-sqlite3');
  });

  it('runs in plain node: /healthz answers and an envelope is acked, stored and read back', async () => {
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope });
    expect((await owner.next('ack')).clock).toBe(1);
    await owner.close();

    // Read back after a restart: the writer thread committed it to the SQLite file.
    await relay.restart();
    const reader = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    reader.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await reader.next('log');
    expect((await reader.next('deliver')).envelope).toEqual(envelope);
    await reader.next('caught-up');
    await reader.close();
    expect(relay.output().join('\n')).toMatch(/"event":"relay.listening"/);
  });
});
