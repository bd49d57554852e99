import { describe, expect, it } from 'vitest';
import type { SyncState } from '../sync/session.ts';
import { withBrowserOnline } from './browser-online.ts';
import { firstUnsharedSince, nextUnsharedSince } from './unshared-since.ts';

const synced: SyncState = { kind: 'synced' };
const offline = (waiting: number): SyncState => ({ kind: 'offline', waiting });

describe('since when changes wait to be shared', () => {
  it('starts at the first unshared change and keeps that time while more wait (17 messages are one moment)', () => {
    let since = firstUnsharedSince(synced);
    expect(since).toBeNull();
    since = nextUnsharedSince(since, offline(3), 1000);
    since = nextUnsharedSince(since, offline(17), 5000);
    expect(since).toBe(1000);
  });

  it('clears once everything is shared, and claims no time for changes already waiting when the plan opened', () => {
    expect(nextUnsharedSince(1000, { kind: 'syncing', waiting: 0 }, 9000)).toBeNull();
    expect(nextUnsharedSince(1000, synced, 9000)).toBeNull();
    expect(firstUnsharedSince(offline(4))).toBe('earlier');
    expect(nextUnsharedSince('earlier', offline(5), 9000)).toBe('earlier');
  });
});

describe('the browser going offline', () => {
  it('shows a shared plan as offline at once, and leaves other states alone', () => {
    expect(withBrowserOnline(synced, false)).toEqual({ kind: 'offline', waiting: 0 });
    expect(withBrowserOnline({ kind: 'syncing', waiting: 2 }, false)).toEqual({ kind: 'offline', waiting: 2 });
    expect(withBrowserOnline(synced, true)).toEqual(synced);
    expect(withBrowserOnline({ kind: 'local' }, false)).toEqual({ kind: 'local' });
    expect(withBrowserOnline({ kind: 'problem', code: 'tampered', waiting: 0 }, false)).toEqual({ kind: 'problem', code: 'tampered', waiting: 0 });
  });
});
