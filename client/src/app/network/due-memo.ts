import { deviceStore } from '../../lock/device-session.ts';
import type { DueFacts } from './due-lines.ts';

/**
 * The plan list shows what is due without opening every plan: when a plan is open, its due
 * dates (never names or text) are kept in the device store, which is sealed when a lock is set.
 * Nothing of it is sent anywhere.
 */
const key = (planId: string) => `due/${planId}`;

export async function rememberDue(planId: string, facts: DueFacts): Promise<void> {
  try {
    await deviceStore().set(key(planId), facts);
  } catch (err) {
    console.warn('due dates not kept', err instanceof Error ? err.name : 'error');
  }
}

export async function recalledDue(planId: string): Promise<DueFacts | undefined> {
  try {
    const value = await deviceStore().get<DueFacts>(key(planId));
    return value && typeof value === 'object' && 'lastScore' in value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** When a plan leaves this device its due dates go with it (they would name a plan that is gone). */
export async function forgetDue(planId: string): Promise<void> {
  await deviceStore().del(key(planId));
}
