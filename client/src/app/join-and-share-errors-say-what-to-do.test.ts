import { describe, expect, it } from 'vitest';
import { SyncError } from '../sync/index.ts';
import { appMessagesEn, appMessagesNl } from './i18n/app-messages.ts';
import { joinProblem, shareProblem } from './join-errors.ts';

describe('join errors', () => {
  it('tell a broken link from one that no longer works', () => {
    expect(joinProblem(new SyncError('invite-invalid', 'not-an-invite'))).toBe('broken');
    expect(joinProblem(new SyncError('invite-invalid', 'bad-secret'))).toBe('broken');
    // Used, expired and withdrawn invites all look the same to the relay: not a pending invite.
    expect(joinProblem(new SyncError('invite-refused', 'not-a-member'))).toBe('no-longer-valid');
    expect(joinProblem(new SyncError('invite-invalid', 'invite expired'))).toBe('no-longer-valid');
  });

  it('say when the internet is needed, or the plan is already here', () => {
    expect(joinProblem(new SyncError('offline', 'the relay did not answer in time'), false)).toBe('offline');
    expect(joinProblem(new SyncError('no-relay'), false)).toBe('offline');
    // Online, and still no answer: the server is down, not the person's internet.
    expect(joinProblem(new SyncError('offline', 'the relay did not answer in time'), true)).toBe('unreachable');
    expect(joinProblem(new SyncError('no-relay'), true)).toBe('unreachable');
    expect(joinProblem(new SyncError('already-member'))).toBe('already-here');
  });

  it('ask for a reload when the relay needs a newer app, not for another try', () => {
    expect(joinProblem(new SyncError('update-required'))).toBe('update-required');
  });

  it('fall back to a general message for anything else', () => {
    expect(joinProblem(new Error('boom'))).toBe('failed');
    expect(joinProblem(new SyncError('store-write-failed'))).toBe('failed');
    expect(joinProblem(undefined)).toBe('failed');
  });
});

describe('share errors', () => {
  it('map the engine codes', () => {
    expect(shareProblem(new SyncError('offline'))).toBe('offline');
    expect(shareProblem(new SyncError('no-relay'))).toBe('offline');
    expect(shareProblem(new SyncError('not-allowed'))).toBe('not-allowed');
    expect(shareProblem(new SyncError('store-write-failed'))).toBe('failed');
  });
});

describe('the words for them', () => {
  it('exist in Dutch and English', () => {
    const keys = ['join.broken', 'join.noLongerValid', 'join.offline', 'join.unreachable', 'join.alreadyHere', 'join.failed', 'share.offline', 'share.notAllowed', 'share.failed'];
    for (const key of keys) {
      expect(appMessagesNl[key as keyof typeof appMessagesNl], key).toBeTruthy();
      expect(appMessagesEn[key as keyof typeof appMessagesEn], key).toBeTruthy();
    }
    expect(appMessagesNl['join.offline']).toContain('Je hebt internet nodig om mee te doen');
    expect(appMessagesNl['sync.warning']).toBe('Een wijziging klopte niet en is niet gebruikt.');
  });
});
