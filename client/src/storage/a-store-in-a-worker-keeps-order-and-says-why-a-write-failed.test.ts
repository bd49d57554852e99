import { describe, expect, it } from 'vitest';
import { workerKv, type KvWorkerLike } from './idb-worker-kv.ts';
import type { KeyValueStore } from './kv.ts';
import { runKvRequest, type KvRequest, type KvResponse } from './kv-worker-protocol.ts';
import { createMemoryStore } from './memory-kv.ts';

/**
 * A stand-in for the store's worker (idb-kv-worker.ts): each message is structured-cloned as
 * postMessage would, started in arrival order, answered a task later; `crash()` fires its error
 * event, as a worker that fails does.
 */
function standInWorker(kv: KeyValueStore): KvWorkerLike & { crash(): void; posted: number } {
  const listeners = { message: [] as Array<(e: MessageEvent<KvResponse>) => void>, error: [] as Array<(e: Event) => void> };
  let dead = false;
  const w = {
    posted: 0,
    postMessage(message: KvRequest) {
      w.posted++;
      const req = structuredClone(message);
      const answered = (answer: KvResponse) =>
        setTimeout(() => {
          if (!dead) for (const l of listeners.message) l({ data: structuredClone(answer) } as MessageEvent<KvResponse>);
        }, 0);
      // runKvRequest never rejects (a failure is its answer); if it did, this worker fails, as a real one would.
      runKvRequest(kv, req).then(answered, () => w.crash());
    },
    addEventListener(type: 'message' | 'error', listener: never) {
      (listeners[type] as unknown[]).push(listener);
    },
    terminate() {
      dead = true;
    },
    crash() {
      for (const l of listeners.error) l(new Event('error'));
    },
  };
  return w;
}

describe('the device store in a worker', () => {
  it('keeps the order of writes, and a read sees every write made before it', async () => {
    const mem = createMemoryStore();
    const worker = standInWorker(mem);
    const kv = workerKv(() => worker, () => createMemoryStore());
    const writes = [kv.set('k', 1), kv.writeMany([['k', 2], ['j', new Uint8Array([7])]], ['x']), kv.setMany([['k', 3]]), kv.delMany(['j'])];
    expect(await kv.get('k')).toBe(3);
    await Promise.all(writes);
    expect(await mem.get('k')).toBe(3);
    expect(await kv.keys('')).toEqual(['k']);
    expect(worker.posted).toBe(6); // every call went to the worker
  });

  it("says why a write failed by the error's name (a full store is QuotaExceededError)", async () => {
    const mem = createMemoryStore();
    const full: KeyValueStore = {
      ...mem,
      writeMany: () => Promise.reject(Object.assign(new Error('the quota is used up'), { name: 'QuotaExceededError' })),
    };
    const kv = workerKv(() => standInWorker(full), () => createMemoryStore());
    await expect(kv.writeMany([['k', 1]], [])).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(await kv.get('k')).toBeUndefined();
  });

  it('fails the calls waiting for a worker that fails, and sends later calls to the main-thread store', async () => {
    const worker = standInWorker(createMemoryStore());
    const fallback = createMemoryStore();
    const kv = workerKv(() => worker, () => fallback);
    const waiting = kv.set('k', 1);
    worker.crash();
    await expect(waiting).rejects.toMatchObject({ name: 'WorkerFailed' });
    await kv.set('k', 2);
    expect(await fallback.get('k')).toBe(2);
    expect(await kv.get('k')).toBe(2);
  });
});
