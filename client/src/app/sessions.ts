import { createSignal } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../sync/session.ts';
import { reportFailure } from './in-background.ts';

/**
 * Keeps at most one plan open. A plan just created is handed straight to the plan screen instead
 * of being opened twice, and leaving a plan flushes and closes its session.
 */
let current: PlanSession | undefined;
let opening: Promise<PlanSession> | undefined;

export function adoptSession(session: PlanSession): void {
  if (current && current !== session) void current.close().catch(reportFailure('close plan'));
  current = session;
}

export async function sessionFor(library: PlanLibrary, planId: string): Promise<PlanSession> {
  if (current?.planId === planId) return current;
  await closeCurrentSession();
  opening = library.open(planId);
  try {
    current = await opening;
    return current;
  } finally {
    opening = undefined;
  }
}

export async function closeCurrentSession(): Promise<void> {
  if (opening) await opening.catch(() => undefined);
  const s = current;
  current = undefined;
  if (s) await s.close();
}

/**
 * Flushes and closes the open plan (locking). It closes whatever the flush says; a change the
 * store did not take rejects afterwards, so the caller can tell the person.
 */
export async function flushAndCloseCurrentSession(): Promise<void> {
  if (opening) await opening.catch(() => undefined); // a plan that failed to open has nothing to save
  const s = current;
  current = undefined;
  if (!s) return;
  const failure = await s.flush().then(
    () => null,
    (err: unknown) => ({ err }),
  );
  await s.close();
  if (failure) throw failure.err;
}

/** The plan this device joined a moment ago: its plan screen shows the code to compare, once. */
const [justJoined, setJustJoined] = createSignal<string | undefined>();
export { justJoined, setJustJoined };
