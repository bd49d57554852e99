import type { SyncProblemCode } from '../sync/session.ts';
import type { AppMessageKey } from './i18n/app-messages.ts';

/**
 * The words for each problem the engine can show (SyncState 'problem'). A switch over the union,
 * so a new problem code does not compile until it has words in Dutch and English.
 */
export function problemKey(code: SyncProblemCode): AppMessageKey {
  switch (code) {
    case 'access-revoked':
      return 'sync.problem.access-revoked';
    case 'damaged':
      return 'sync.problem.damaged';
    case 'key-split':
      return 'sync.problem.key-split';
    case 'history-unreadable':
      return 'sync.problem.history-unreadable';
    case 'read-only':
      return 'sync.problem.read-only';
    case 'no-epoch-key':
      return 'sync.problem.no-epoch-key';
    case 'log-forked':
      return 'sync.problem.log-forked';
    case 'relay-refused':
      return 'sync.problem.relay-refused';
    case 'relay-lost-plan':
      return 'sync.problem.relay-lost-plan';
    case 'plan-full':
      return 'sync.problem.plan-full';
    case 'change-too-large':
      return 'sync.problem.change-too-large';
    case 'quota-exceeded':
      return 'sync.problem.quota-exceeded';
    case 'token-required':
      return 'sync.problem.token-required';
    case 'store-full':
      return 'sync.problem.store-full';
    case 'store-write-failed':
      return 'sync.problem.store-write-failed';
    case 'store-read-failed':
      return 'sync.problem.store-read-failed';
    case 'update-required':
      return 'sync.problem.update-required';
    case 'relay-outdated':
      return 'sync.problem.relay-outdated';
    default: {
      const unknown: never = code;
      throw new Error(`no words for problem ${String(unknown)}`);
    }
  }
}
