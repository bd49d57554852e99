import type { SyncProblemCode } from '../sync/session.ts';
import type { AppMessageKey } from './i18n/app-messages.ts';

/** The message key of each problem the engine can show (SyncState 'problem'). */
export type ProblemKey = `sync.problem.${SyncProblemCode}`;

/**
 * The words for a problem. The return type makes every problem key a Dutch message key, and the
 * English dictionary is typed by the Dutch keys: a new problem code does not compile until it has
 * words in both languages (every-sync-problem-has-words-of-its-own.test.ts checks they are its own).
 */
export function problemKey(code: SyncProblemCode): ProblemKey & AppMessageKey {
  return `sync.problem.${code}`;
}
