import type { KeyValueStore } from './kv.ts';

/** One call of the KeyValueStore interface, as sent to the store's worker (idb-kv-worker.ts). */
export type KvRequest =
  | { id: number; op: 'get'; key: string }
  | { id: number; op: 'set'; key: string; value: unknown }
  | { id: number; op: 'setMany'; entries: ReadonlyArray<readonly [string, unknown]> }
  | { id: number; op: 'del'; key: string }
  | { id: number; op: 'delMany'; keys: readonly string[] }
  | { id: number; op: 'delRange'; from: string; to: string }
  | { id: number; op: 'writeMany'; puts: ReadonlyArray<readonly [string, unknown]>; dels: readonly string[] }
  | { id: number; op: 'keys'; prefix: string }
  | { id: number; op: 'close' };

/** The answer: the value, or the error's name and message (a DOMException's name, e.g. QuotaExceededError, says what went wrong). */
export type KvResponse = { id: number; value?: unknown } | { id: number; error: { name: string; message: string } };

/** Runs one request against `kv` (in the worker: IndexedDB); never rejects: a failure is the answer. */
export async function runKvRequest(kv: KeyValueStore & { close?(): Promise<void> }, req: KvRequest): Promise<KvResponse> {
  try {
    switch (req.op) {
      case 'get':
        return { id: req.id, value: await kv.get(req.key) };
      case 'set':
        await kv.set(req.key, req.value);
        return { id: req.id };
      case 'setMany':
        await kv.setMany(req.entries);
        return { id: req.id };
      case 'del':
        await kv.del(req.key);
        return { id: req.id };
      case 'delMany':
        await kv.delMany(req.keys);
        return { id: req.id };
      case 'delRange':
        if (!kv.delRange) throw new Error('this store cannot delete a range');
        await kv.delRange(req.from, req.to);
        return { id: req.id };
      case 'writeMany':
        await kv.writeMany(req.puts, req.dels);
        return { id: req.id };
      case 'keys':
        return { id: req.id, value: await kv.keys(req.prefix) };
      case 'close':
        await kv.close?.();
        return { id: req.id };
      default: {
        const unknown: never = req;
        throw new Error(`unknown store request ${String((unknown as { op: unknown }).op)}`);
      }
    }
  } catch (err) {
    const e = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? (err as Error) : new Error(String(err));
    return { id: req.id, error: { name: String(e.name), message: String(e.message) } };
  }
}
