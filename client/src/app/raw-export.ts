/**
 * Reads everything this app keeps in IndexedDB as stored, bypassing the sync engine (which is what
 * failed), so a person can hand the raw, still-encrypted data to someone who can help. It only
 * reads: a failing store is never repaired or wiped here.
 *
 * It holds NO private key (issue 10): the person is told to give this file to their social worker,
 * and a file in a downloads folder is easily found, copied or mailed on. With the device's private
 * signing and encryption keys in it, whoever holds the file could open every epoch key sealed to
 * this device and write as this device. So every private key is left out: the plan content in the
 * file stays sealed, and recovering it needs this device (where the keys stay, untouched) or a
 * member of the plan. What is left out is marked `$omitted`, so a recovery tool knows it was there.
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

/** Property names that hold secret key material in any record (DeviceKeys and its parts). */
const SECRET_FIELDS = new Set(['privateKey', 'secretKey', 'seed']);
/** Records that are a device's key pairs (whole, or set aside when damaged): only public keys go out. */
const DEVICE_KEY_RECORD = /^(device\/identity$|plans\/[^/]+\/device$|quarantine\/device\/)/;
const OMITTED = { $omitted: 'private key' } as const;

/**
 * The record as exported: private keys replaced by a marker. A device-key record that is not
 * the expected shape (damaged bytes could be a key) is left out whole, except its public keys.
 */
export function withoutPrivateKeys(key: unknown, value: unknown): unknown {
  if (typeof key === 'string' && DEVICE_KEY_RECORD.test(key)) return publicKeysOnly(value);
  // The device lock's header (lock/device-lock.ts LOCK_HEADER_KEY): its wrapped device key would let
  // whoever holds the file guess the PIN offline, past the wrong-try limit. Everything else in the
  // store is sealed under that key when a lock is set, so without it the file opens nothing.
  if (key === LOCK_HEADER_KEY && value && typeof value === 'object') return { ...(stripSecrets(value) as object), wrapped: OMITTED };
  return stripSecrets(value);
}

/** lock/device-lock.ts LOCK_HEADER_KEY (not imported: this screen must load without the lock code). */
const LOCK_HEADER_KEY = 'lock';

function stripSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, SECRET_FIELDS.has(String(k)) ? OMITTED : stripSecrets(v)]));
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? OMITTED : stripSecrets(v)]));
  }
  return value;
}

function publicKeysOnly(value: unknown): unknown {
  const pair = (p: unknown) => {
    const pub = (p as { publicKey?: unknown } | undefined)?.publicKey;
    return pub instanceof Uint8Array ? { publicKey: pub, privateKey: OMITTED } : OMITTED;
  };
  const v = value as { sign?: unknown; box?: unknown; value?: unknown; key?: unknown; reason?: unknown } | undefined;
  if (v && typeof v === 'object' && ('sign' in v || 'box' in v)) return { sign: pair(v.sign), box: pair(v.box) };
  // A quarantined identity: { key, value, reason }; its value is judged the same way.
  if (v && typeof v === 'object' && 'value' in v) return { key: v.key, reason: v.reason, value: publicKeysOnly(v.value) };
  return { $omitted: 'device keys' };
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
      stores[storeName] = keys.map((k, i) => ({ key: toJsonSafe(k), value: toJsonSafe(withoutPrivateKeys(k, values[i])) }));
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
  const payload = {
    app: 'safeplan',
    kind: 'raw-device-export',
    exportedAt: new Date().toISOString(),
    privateKeys: 'omitted',
    databases: out,
  };
  return new Blob([JSON.stringify(payload)], { type: 'application/json' });
}
