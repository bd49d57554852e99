import type { AppMessageKey } from '../i18n/app-messages.ts';
import type { JoinProblem } from '../join-errors.ts';
import type { recoveryNl } from './recovery-messages-nl.ts';

export type RecoverProblem = 'empty' | 'typo' | 'length' | 'character' | 'noLongerValid' | 'offline' | 'unreachable' | 'alreadyHere' | 'updateRequired' | 'logFull' | 'failed';

/**
 * What went wrong using a recovery code, in words a person can act on: a code that does not read
 * (said before anything was sent), or the join problems (a used, replaced or forged kit looks the
 * same to the relay: it is not a member key).
 */
export function recoverProblem(err: unknown, join: JoinProblem): RecoverProblem {
  const detail = (err as { detail?: unknown } | null)?.detail;
  const m = typeof detail === 'string' ? /^recovery-code: (typo|length|character)$/.exec(detail) : null;
  if (m) return m[1] as RecoverProblem;
  switch (join) {
    case 'broken':
    case 'no-longer-valid':
      return 'noLongerValid';
    case 'offline':
      return 'offline';
    case 'unreachable':
      return 'unreachable';
    case 'already-here':
      return 'alreadyHere';
    case 'update-required':
      return 'updateRequired';
    case 'log-full':
      return 'logFull';
    case 'failed':
      return 'failed';
  }
}

/** The words of a problem: an app the relay finds too old is said as on every other screen. */
export function recoverProblemKey(p: RecoverProblem): AppMessageKey | keyof typeof recoveryNl {
  return p === 'updateRequired' ? 'sync.problem.update-required' : `recover.${p}`;
}
