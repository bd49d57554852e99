import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready } from '@safeplan/schema/crypto';
import { authenticateRuns } from '@safeplan/schema/protocol';
import { sealedChain } from '../../../schema/src/protocol/testing/sealed-chain.ts';
import { IncomingRuns, inlineRunVerifier } from './incoming-runs.ts';
import { workerRunVerifier, type RunRequest, type RunResponse, type WorkerLike } from './worker-run-verifier.ts';

const s = await ready();
const planId = generatePlanId(s);
const key = generateEpochKey(s);
const author = generateDeviceKeys(s).sign;
const nonces = NonceSource.random(s);

const chain = (count: number): Uint8Array[] => sealedChain(s, { planId, key, nonces }, author, count);

/** A worker stand-in: answers with the real pure code (as the worker does) or dies on the first message. */
function fakeWorker(mode: 'works' | 'dies'): WorkerLike & { asked: number } {
  const listeners: { message?: (e: MessageEvent<RunResponse>) => void; error?: (e: Event) => void } = {};
  const w = {
    asked: 0,
    postMessage(m: RunRequest) {
      w.asked++;
      queueMicrotask(() => {
        if (mode === 'dies') listeners.error?.(new Event('error'));
        else listeners.message?.({ data: { id: m.id, results: authenticateRuns(s, m.envelopes).results } } as MessageEvent<RunResponse>);
      });
    },
    addEventListener(type: 'message' | 'error', l: never) {
      listeners[type] = l;
    },
    terminate() {},
  };
  return w;
}

describe('verifying delivered batches in a worker', () => {
  it('hands each batch to the worker and its verdicts back in order', async () => {
    const worker = fakeWorker('works');
    const runs = new IncomingRuns(workerRunVerifier(() => worker, inlineRunVerifier(s)));
    const envs = chain(5);
    for (const e of envs) runs.arrived(e);
    const verdicts = await Promise.all(envs.map((e) => runs.take(e)));
    expect(worker.asked).toBe(1);
    expect(verdicts.map((v) => v.ok && v.env.header.clock)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a worker that fails fails the batch it held (never an unchecked verdict), and the main thread checks what comes after', async () => {
    const worker = fakeWorker('dies');
    const verifier = workerRunVerifier(() => worker, inlineRunVerifier(s));
    const envs = chain(4);
    await expect(verifier.authenticate(envs.slice(0, 2))).rejects.toThrow(/worker failed/);
    const forged = envs[3]!.slice();
    forged[forged.length - 1]! ^= 1;
    const after = await verifier.authenticate([envs[2]!, forged]);
    expect(after.map((v) => (v.ok ? 'ok' : v.code))).toEqual(['ok', 'bad-signature']);
    expect(worker.asked).toBe(1);
  });
});
