import { expect, it } from 'vitest';
import type { SyncProblemCode } from '../sync/session.ts';
import { appMessagesEn, appMessagesNl } from './i18n/app-messages.ts';
import { problemKey } from './sync-problem-words.ts';

// Every key of SyncProblemCode, or this does not compile: a new problem needs words here too.
const ALL: Record<SyncProblemCode, true> = {
  'access-revoked': true,
  damaged: true,
  'key-split': true,
  'history-unreadable': true,
  'read-only': true,
  'no-epoch-key': true,
  'log-forked': true,
  'relay-refused': true,
  'relay-lost-plan': true,
  'update-required': true,
  'relay-outdated': true,
  'plan-full': true,
  'change-too-large': true,
  'quota-exceeded': true,
  'token-required': true,
  'store-full': true,
  'store-write-failed': true,
  'store-read-failed': true,
};

it('every problem the engine can show has words of its own in Dutch and English, not the general sentence', () => {
  for (const code of Object.keys(ALL) as SyncProblemCode[]) {
    const key = problemKey(code);
    for (const dict of [appMessagesNl, appMessagesEn]) {
      expect(dict[key], code).toBeTruthy();
      expect(dict[key], code).not.toBe(dict['sync.problem']);
    }
  }
  // What failed in the store is said, not "storage": a full device asks for room, a failing one to keep the app open.
  expect(appMessagesNl[problemKey('store-full')]).toContain('vol');
  expect(appMessagesEn[problemKey('store-write-failed')]).toContain('keeps trying');
});
