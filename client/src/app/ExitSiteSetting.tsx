import { createSignal, type JSX } from 'solid-js';
import { FormMessage, type FormResult } from './FormMessage.tsx';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { exitUrl, isValidExitUrl, setExitUrl } from './quick-exit.ts';

/**
 * An address as people type it ("nu.nl", "www.nu.nl") made whole: https:// in front when no
 * scheme was typed, and only a name with a dot in it (so "hallo" is not taken for a website).
 */
export function wholeExitUrl(typed: string): string | null {
  const value = typed.trim();
  if (isValidExitUrl(value)) return new URL(value).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return null;
  const guess = `https://${value}`;
  return isValidExitUrl(guess) && new URL(guess).hostname.includes('.') ? new URL(guess).href : null;
}

/** Lets a person choose which ordinary website "Snel weg" opens, e.g. one they often visit. */
export function ExitSiteSetting(): JSX.Element {
  /** The message key, worded when shown (it follows a language switch). */
  const [said, setSaid] = createSignal<{ ok: boolean; key: string }>();
  const message = (): FormResult | undefined => {
    const s = said();
    return s && { ok: s.ok, text: t(s.key) };
  };
  let input: HTMLInputElement | undefined;
  const save = (e: SubmitEvent) => {
    e.preventDefault();
    const url = wholeExitUrl(String(new FormData(e.currentTarget as HTMLFormElement).get('exitUrl') ?? ''));
    if (!url) {
      setSaid({ ok: false, key: 'help.exitSiteInvalid' });
      input?.focus();
      return;
    }
    setExitUrl(url);
    if (input) input.value = url;
    setSaid({ ok: true, key: 'help.exitSiteSaved' });
  };
  return (
    <details class="card settings">
      <summary>
        <Icon name="globe" />
        <span>{t('help.exitSite')}</span>
      </summary>
      {/* noValidate: the browser's own bubble would refuse "nu.nl", in the browser's language, not the app's. */}
      <form onSubmit={save} noValidate>
        <label class="field-label" for="exit-url">{t('help.exitSite')}</label>
        <input
          id="exit-url"
          ref={(el) => (input = el)}
          name="exitUrl"
          type="url"
          value={exitUrl()}
          inputmode="url"
          aria-invalid={said()?.ok === false ? 'true' : undefined}
          aria-describedby={said() ? 'exit-url-message' : undefined}
          onInput={() => setSaid(undefined)}
        />
        <button type="submit">{t('help.exitSiteSave')}</button>
        <FormMessage message={message()} id="exit-url-message" />
      </form>
    </details>
  );
}
