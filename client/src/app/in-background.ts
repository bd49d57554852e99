import { t } from './i18n/index.ts';
import { notify } from './notices.ts';

/**
 * Work a click, a form or a timer starts and nobody awaits. Most of it says its own refusals in
 * plain words; whatever still escapes (a bug, a store that broke mid-way) must not vanish as an
 * unhandled rejection: the person is told it did not work, and the console gets what failed and
 * the error's code or name only, never plan content or names.
 */
export function reportFailure(what: string): (err: unknown) => void {
  return (err) => {
    console.error(`${what} failed`, errorLabel(err));
    notify(t('app.failed'), { tone: 'error' });
  };
}

/** An event handler for async work: it starts `work` and reports a failure (see reportFailure). */
export function inBackground<A extends unknown[]>(what: string, work: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    void work(...args).catch(reportFailure(what));
  };
}

/** What the console may say about an error: its code or name only, never plan content or names. */
export function errorLabel(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : typeof err;
}
