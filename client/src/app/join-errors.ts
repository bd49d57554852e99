import { browserHasNetwork } from './browser-online.ts';

/**
 * What went wrong with an invite or a join, in words a person can act on. The engine's codes
 * (SyncError in sync/index.ts) are grouped by what the person should do next, not by cause: the
 * relay cannot tell a used invite from an expired or withdrawn one, so neither can we.
 */
export type JoinProblem = 'broken' | 'no-longer-valid' | 'offline' | 'unreachable' | 'already-here' | 'update-required' | 'log-full' | 'failed';

/**
 * `online`: whether the device has a network. The relay not answering while it has one means the
 * server is down (`unreachable`), and "you need internet" would send the person to check the
 * wrong thing.
 */
export function joinProblem(err: unknown, online = browserHasNetwork()): JoinProblem {
  switch (errorCode(err)) {
    case 'invite-invalid':
      return /not-an-invite|bad-secret/.test(errorMessage(err)) ? 'broken' : 'no-longer-valid';
    case 'invite-refused':
      return 'no-longer-valid';
    case 'offline':
    case 'no-relay':
      return online ? 'unreachable' : 'offline';
    case 'already-member':
      return 'already-here';
    case 'update-required': // the relay needs a newer app: a reload, not another try
      return 'update-required';
    case 'log-full': // the plan takes no one new until an owner removes someone: not the invite's fault
      return 'log-full';
    case undefined: // not an engine error: nothing more specific to say
    default:
      return 'failed';
  }
}

export type ShareProblem = 'offline' | 'not-allowed' | 'failed';

export function shareProblem(err: unknown): ShareProblem {
  switch (errorCode(err)) {
    case 'offline':
    case 'no-relay':
      return 'offline';
    case 'not-allowed':
      return 'not-allowed';
    case undefined: // not an engine error: nothing more specific to say
    default:
      return 'failed';
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
