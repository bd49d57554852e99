import { describe, expect, it } from 'vitest';
import { appMessagesEn, appMessagesNl } from './i18n/app-messages.ts';
import { format } from './i18n/translate.ts';
import type { SyncWarning } from '../sync/session.ts';
import { nameIn, warningWords, type Words } from './sync-warning-words.ts';

const wordsIn = (dict: Record<string, string>): Words => ({
  t: (key, params) => (dict[key] === undefined ? key : format(dict[key]!, params)),
  has: (key) => dict[key] !== undefined,
});
const nl = wordsIn(appMessagesNl);
const en = wordsIn(appMessagesEn);
const people = () => [
  { personId: 'p-bram', displayName: 'Bram', devices: [{ deviceId: 'd-bram' }] },
  { personId: 'p-anna', displayName: 'Anna', devices: [{ deviceId: 'd-anna' }] },
];
const nameOf = nameIn(people);

describe('a warning in the sync state, in plain words', () => {
  it('names the person it concerns (by person or by device) and says what to do, in Dutch and English', () => {
    const gap: SyncWarning = { code: 'clock-gap', at: 0, concerns: { devicePub: 'd-bram' } };
    expect(warningWords(gap, nameOf, nl).todo).toBe('Vraag Bram om de app te openen.');
    expect(warningWords(gap, nameOf, en).todo).toBe('Ask Bram to open the app.');
    const snapshot: SyncWarning = { code: 'snapshot-mismatch', at: 0, concerns: { personId: 'p-anna', devicePub: 'd-other' } };
    expect(warningWords(snapshot, nameOf, nl).what).toContain('van Anna');
    expect(warningWords(snapshot, nameOf, nl).todo).toBe('Neem contact op met de eigenaar van het plan.');
    expect(warningWords(snapshot, nameOf, en).todo).toBe('Contact the owner of the plan.');
  });

  it('has words of its own for every code the engine raises, and a general sentence naming the person for the rest', () => {
    const codes = ['snapshot-unproven', 'snapshot-mismatch', 'relay-seq-insane', 'save-failed', 'relay-frame-failed', 'presence-forged', 'set-aside-after-role-change', 'log-forked', 'clock-gap', 'chain-fork', 'store-full', 'store-write-failed'];
    for (const code of codes) {
      for (const words of [nl, en]) expect(words.has(`sync.attention.${code}`), code).toBe(true);
    }
    const tampered = warningWords({ code: 'tampered', at: 0, concerns: { devicePub: 'd-bram' } }, nameOf, nl);
    expect(tampered.what).toBe('Een wijziging van Bram klopte niet. Die is niet gebruikt.');
    const unknown = warningWords({ code: 'replayed', at: 0 }, nameOf, en);
    expect(unknown.what).toBe('A change from someone was not right. It was not used.');
  });
});
