import { ready } from '@safeplan/schema/crypto';
import type { KeyValueStore } from '../storage/kv.ts';
import { decodeValue, encodeValue } from '../storage/value-codec.ts';
import { planKeys } from '../sync/plan-store.ts';
import { checkSecret } from './device-lock.ts';
import type { KdfParams } from './lock-kdf.ts';

/**
 * "Exporteer plan": one plan as this device keeps it (log, sealed keys, envelopes, snapshots,
 * meta) plus the device keys it opens with, in one file sealed under a passphrase (Argon2id, then
 * XChaCha20-Poly1305). Importing it on another device makes that device this device again for that
 * plan: meant for when the old device is gone. The file holds nothing readable, not even the plan id.
 */
const MAGIC = new TextEncoder().encode('notities-backup-1\n');
const IDENTITY_KEY = 'device/identity';

export type BackupErrorCode = 'not-a-backup' | 'wrong-passphrase' | 'damaged' | 'already-here' | 'unknown-plan';

export class BackupError extends Error {
  constructor(readonly code: BackupErrorCode) {
    super(code);
    this.name = 'BackupError';
  }
}

interface BackupBody {
  v: 1;
  planId: string;
  device: unknown;
  records: Array<[string, unknown]>;
}

export async function exportPlanBackup(kv: KeyValueStore, planId: string, passphrase: string): Promise<Uint8Array> {
  checkSecret('passphrase', passphrase);
  const s = await ready();
  const prefix = `plans/${planId}/`;
  if (!(await kv.get(planKeys.meta(planId)))) throw new BackupError('unknown-plan');
  const records: Array<[string, unknown]> = [];
  for (const key of (await kv.keys(prefix)).sort()) {
    if (key === planKeys.device(planId)) continue;
    records.push([key, await kv.get(key)]);
  }
  const device = (await kv.get(planKeys.device(planId))) ?? (await kv.get(IDENTITY_KEY));
  const body: BackupBody = { v: 1, planId, device, records };
  const { DEFAULT_KDF, deriveLockKey } = await import('./lock-kdf.ts');
  const kdf: KdfParams = { ...DEFAULT_KDF, salt: s.randombytes_buf(16) };
  const key = await deriveLockKey(passphrase, kdf);
  const nonce = s.randombytes_buf(24);
  const sealed = s.crypto_aead_xchacha20poly1305_ietf_encrypt(encodeValue(body), MAGIC, null, nonce, key);
  key.fill(0);
  const head = encodeValue({ kdf, nonce, sealed });
  const out = new Uint8Array(MAGIC.length + head.length);
  out.set(MAGIC);
  out.set(head, MAGIC.length);
  return out;
}

function startsWithMagic(file: Uint8Array): boolean {
  return file.length > MAGIC.length && MAGIC.every((b, i) => file[i] === b);
}

/** Puts the plan of a backup file on this device; refuses, and writes nothing, if anything is off. */
export async function importPlanBackup(kv: KeyValueStore, file: Uint8Array, passphrase: string): Promise<{ planId: string }> {
  if (!startsWithMagic(file)) throw new BackupError('not-a-backup');
  const s = await ready();
  let head: { kdf: KdfParams; nonce: Uint8Array; sealed: Uint8Array };
  try {
    head = decodeValue(file.subarray(MAGIC.length)) as typeof head;
    if (!(head.nonce instanceof Uint8Array) || !(head.sealed instanceof Uint8Array) || head.kdf?.alg !== 'argon2id') throw new Error('shape');
  } catch {
    throw new BackupError('damaged');
  }
  const { deriveLockKey } = await import('./lock-kdf.ts');
  const key = await deriveLockKey(passphrase, head.kdf);
  let plain: Uint8Array;
  try {
    plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, head.sealed, MAGIC, head.nonce, key);
  } catch {
    throw new BackupError('wrong-passphrase');
  } finally {
    key.fill(0);
  }
  let body: BackupBody;
  try {
    body = decodeValue(plain) as BackupBody;
  } catch {
    throw new BackupError('damaged');
  }
  const prefix = `plans/${body?.planId}/`;
  const ok =
    body?.v === 1 &&
    typeof body.planId === 'string' &&
    /^[A-Za-z0-9_-]+$/.test(body.planId) &&
    Array.isArray(body.records) &&
    body.device !== undefined &&
    body.records.every((r) => Array.isArray(r) && typeof r[0] === 'string' && r[0].startsWith(prefix)) &&
    body.records.some(([k]) => k === planKeys.meta(body.planId));
  if (!ok) throw new BackupError('damaged');
  if (await kv.get(planKeys.meta(body.planId))) throw new BackupError('already-here');
  // The plan, and the keys it opens with, in one write: never a plan without what it takes to open it.
  await kv.setMany([...body.records, [planKeys.device(body.planId), body.device]]);
  return { planId: body.planId };
}
