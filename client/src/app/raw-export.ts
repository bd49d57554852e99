/**
 * Reads everything this app keeps in IndexedDB exactly as stored, bypassing the sync engine (which
 * is what failed), so a person can hand the raw, still-encrypted data to someone who can recover it.
 * It only reads: a failing store is never repaired or wiped here.
 */

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** JSON cannot hold bytes; tag them so a recovery tool can turn them back. */
export function toJsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
  if (value instanceof ArrayBuffer) return { $bytes: toBase64(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) return { $bytes: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [toJsonSafe(k), toJsonSafe(v)]) };
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

async function dumpDatabase(name: string): Promise<Record<string, unknown>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error(`cannot open ${name}`));
    // Never create or upgrade a database while exporting: that would change what we are saving.
    open.onupgradeneeded = () => open.transaction?.abort();
  });
  try {
    const stores: Record<string, unknown> = {};
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName, 'readonly').objectStore(storeName);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      stores[storeName] = keys.map((k, i) => ({ key: toJsonSafe(k), value: toJsonSafe(values[i]) }));
    }
    return stores;
  } finally {
    db.close();
  }
}

export async function exportRawData(): Promise<Blob> {
  const dbs = await indexedDB.databases();
  const out: Record<string, unknown> = {};
  for (const { name } of dbs) {
    if (!name) continue;
    try {
      out[name] = await dumpDatabase(name);
    } catch (err) {
      out[name] = { $error: String(err) };
    }
  }
  const payload = { app: 'safeplan', kind: 'raw-device-export', exportedAt: new Date().toISOString(), databases: out };
  return new Blob([JSON.stringify(payload)], { type: 'application/json' });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
