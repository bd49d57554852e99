import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../sync/session.ts';
import { setLang } from '../i18n/index.ts';
import { memberErrorText, timelineSentence } from './member-words.ts';
import { SyncError } from '../../sync/sync-error.ts';

const who = (displayName: string, personId = displayName) => ({ personId, displayName });
const entry = (e: Partial<TimelineEntry> & Pick<TimelineEntry, 'type'>): TimelineEntry => ({ at: 1, actor: who('Sanne'), ...e });

// setLang touches the document and storage; in node only the language signal matters.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

afterEach(() => setLang('nl'));

describe('the regie timeline in words', () => {
  it('says who did what to whom in Dutch', () => {
    setLang('nl');
    expect(timelineSentence(entry({ type: 'create' }))).toBe('Sanne maakte het plan.');
    expect(timelineSentence(entry({ type: 'offer-ownership', subject: who('Carla') }))).toBe('Sanne vroeg Carla om mede-eigenaar te worden.');
    expect(timelineSentence(entry({ type: 'accept-ownership', actor: who('Carla'), role: 'owner' }))).toBe('Carla is nu mede-eigenaar.');
    expect(timelineSentence(entry({ type: 'set-role', actor: who('Carla'), subject: who('Sanne'), role: 'reader' }))).toBe('Carla maakte Sanne lezer.');
    expect(timelineSentence(entry({ type: 'close-case', actor: who('Carla'), removed: [who('Sanne'), who('Piet'), who('')] }))).toBe(
      'Carla sloot de zaak af. Uit het plan gingen: Sanne, Piet en Iemand zonder naam.',
    );
    expect(timelineSentence(entry({ type: 'remove', subject: who('dev') }))).toBe('Sanne haalde een apparaat uit het plan.');
  });

  it('says the same in English, and something honest for an event it does not know', () => {
    setLang('en');
    expect(timelineSentence(entry({ type: 'join', actor: who('Bram'), role: 'editor' }))).toBe('Bram joined as editor.');
    expect(timelineSentence(entry({ type: 'close-case', removed: [] }))).toBe('Sanne closed the case.');
    expect(timelineSentence(entry({ type: 'something-new' }))).toBe('Sanne changed something about who takes part.');
  });

  it('words every membership error code, and anything else as "try again"', () => {
    setLang('nl');
    expect(memberErrorText(new SyncError('last-owner'))).toBe('Het plan moet altijd een eigenaar hebben. Maak eerst iemand anders eigenaar.');
    expect(memberErrorText(new SyncError('not-allowed'))).toContain('Vraag het aan een eigenaar');
    expect(memberErrorText(new SyncError('offline'), false)).toContain('Je hebt internet nodig');
    // Online, yet the relay did not answer: the server is what is down, not the person's internet.
    expect(memberErrorText(new SyncError('offline'), true)).toBe(
      'De Safeplan-server is nu niet bereikbaar, ook al heb je internet. Je plan staat veilig op dit apparaat. Probeer het over een paar minuten opnieuw.',
    );
    expect(memberErrorText(new SyncError('no-relay'), true)).toContain('niet bereikbaar');
    setLang('en');
    expect(memberErrorText(new SyncError('offline'), true)).toContain('The Safeplan server cannot be reached right now');
    setLang('nl');
    expect(memberErrorText(new SyncError('invalid-event', 'no such member'))).toContain('Misschien veranderde iemand anders');
    expect(memberErrorText(new Error('boom'))).toBe('Dat lukte niet. Probeer het opnieuw.');
  });
});
