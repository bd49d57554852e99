import { describe, expect, it } from 'vitest';
import { SessionStatus, type StatusFacts } from './session-status.ts';
import type { SyncProblemCode } from './session.ts';

/** Connected, live, nothing waiting: without a problem this is "synced". */
const LIVE: StatusFacts = { shared: true, connected: true, catchingUp: false, waiting: 0 };

/** A status shown the way the session wires it: a changed problem shows the state again. */
function wired(): SessionStatus {
  const status = new SessionStatus(() => 0);
  status.events.on('changed', () => status.show(LIVE));
  status.show(LIVE);
  return status;
}

describe('the device store heals', () => {
  const covered: Array<[string, (s: SessionStatus) => void, SyncProblemCode]> = [
    ['history-unreadable', (s) => s.historyUnreadable(undefined), 'history-unreadable'],
    ['key-split', (s) => s.keyProblem('key-split'), 'key-split'],
    ['relay-refused', (s) => s.setProblem('relay-refused'), 'relay-refused'],
  ];
  for (const [name, raise, code] of covered) {
    it(`and clears only its own problem, never ${name} that it covered for a while`, () => {
      const status = wired();
      raise(status);
      expect(status.state()).toMatchObject({ kind: 'problem', code });
      status.storeStatus({ ok: false, code: 'store-full' });
      expect(status.state()).toMatchObject({ kind: 'problem', code: 'store-full' });
      status.storeStatus({ ok: true });
      // Not "synced": the cause of the first problem is still there.
      expect(status.state()).toMatchObject({ kind: 'problem', code });
    });
  }

  it('and the state is synced again when the store was the only problem', () => {
    const status = wired();
    status.storeStatus({ ok: false, code: 'store-write-failed' });
    expect(status.state()).toMatchObject({ kind: 'problem', code: 'store-write-failed' });
    status.storeStatus({ ok: true });
    expect(status.state()).toEqual({ kind: 'synced' });
  });

  it('a revoked device keeps saying so over a failing store', () => {
    const status = wired();
    status.setProblem('access-revoked');
    status.storeStatus({ ok: false, code: 'store-full' });
    expect(status.state()).toMatchObject({ kind: 'problem', code: 'access-revoked' });
  });
});
