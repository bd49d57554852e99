import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncError } from '../sync/index.ts';
import { appMessagesNl } from './i18n/app-messages.ts';
import { inBackground, reportFailure } from './in-background.ts';
import { dismiss, notices } from './notices.ts';

afterEach(() => {
  for (const n of notices()) dismiss(n.id);
  vi.restoreAllMocks();
});

/** Lets the rejected promise and its handler run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

// Dutch is the language of a device that chose none (i18n/index.ts); the English words are kept
// in step by messages-complete.test.ts.
describe('work started by a click', () => {
  it('that fails is said to the person in plain words, and the console gets the code only', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = inBackground('save my details', async (_name: string) => {
      throw new SyncError('not-allowed', 'Anna de Vries may not');
    });
    handler('Anna de Vries');
    await settle();
    expect(notices().map((n) => [n.text, n.tone])).toEqual([[appMessagesNl['app.failed'], 'error']]);
    expect(logged).toHaveBeenCalledWith('save my details failed', 'not-allowed');
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Anna');
  });

  it('names an error without a code by its kind, never by its message', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    void Promise.reject(new TypeError('secret plan text')).catch(reportFailure('close plan'));
    await settle();
    expect(notices().map((n) => n.text)).toEqual([appMessagesNl['app.failed']]);
    expect(logged).toHaveBeenCalledWith('close plan failed', 'TypeError');
    expect(JSON.stringify(logged.mock.calls)).not.toContain('secret');
  });

  it('that succeeds says nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    inBackground('lock', async () => undefined)();
    await settle();
    expect(notices()).toEqual([]);
    expect(logged).not.toHaveBeenCalled();
  });
});
