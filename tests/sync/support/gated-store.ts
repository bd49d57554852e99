import type { KeyValueStore } from '../../../client/src/storage/kv.ts';
import { createMemoryStore } from '../../../client/src/storage/memory-kv.ts';

/**
 * A device store whose writes a test controls, like IndexedDB on a tablet that is about to die:
 * `hold()` keeps every later write waiting (nothing of it reaches the disk), `release()` lets the
 * waiting ones through in order, `fail(err)` makes writes throw (a full or broken store) until
 * `heal()`. `disk()` is what a new tab would find: a copy of what was really written, nothing of
 * what still waits. Reads always see the disk.
 */
export interface GatedStore {
  kv: KeyValueStore;
  hold(): void;
  release(): void;
  fail(err: Error): void;
  heal(): void;
  /** Writes that reached the gate (held, failed or written) since the start. */
  readonly writes: number;
  disk(): Promise<KeyValueStore>;
}

export function gatedStore(): GatedStore {
  const mem = createMemoryStore();
  let held: Array<() => void> | null = null;
  let failing: Error | null = null;
  let writes = 0;
  const gate = (work: () => Promise<void>): Promise<void> => {
    writes++;
    if (failing) return Promise.reject(failing);
    if (held) {
      const queue = held;
      return new Promise<void>((resolve, reject) => queue.push(() => void work().then(resolve, reject)));
    }
    return work();
  };
  return {
    kv: {
      get: (k) => mem.get(k),
      keys: (p) => mem.keys(p),
      set: (k, v) => gate(() => mem.set(k, v)),
      setMany: (e) => gate(() => mem.setMany(e)),
      del: (k) => gate(() => mem.del(k)),
      delMany: (k) => gate(() => mem.delMany(k)),
    },
    hold() {
      held ??= [];
    },
    release() {
      const queue = held ?? [];
      held = null;
      for (const go of queue) go();
    },
    fail(err) {
      failing = err;
    },
    heal() {
      failing = null;
    },
    get writes() {
      return writes;
    },
    async disk() {
      const copy = createMemoryStore();
      const keys = await mem.keys('');
      await copy.setMany(await Promise.all(keys.map(async (k) => [k, await mem.get(k)] as const)));
      return copy;
    },
  };
}
