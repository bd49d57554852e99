/**
 * Errors about an envelope name its plan (the error frame's `ref`), so a client syncing several
 * plans over one connection knows which one to retry. The plan id is only known once the
 * envelope decoded, hence this side channel instead of a field on ProtocolError.
 */
const refs = new WeakMap<object, Uint8Array>();

export async function withPlanRef<T>(planId: Uint8Array, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (typeof err === 'object' && err !== null) refs.set(err, planId);
    throw err;
  }
}

export function planRefOf(err: unknown): Uint8Array | undefined {
  return typeof err === 'object' && err !== null ? refs.get(err) : undefined;
}
