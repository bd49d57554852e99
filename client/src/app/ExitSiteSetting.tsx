import { createSignal, type JSX } from 'solid-js';
import { FormMessage, type FormResult } from './FormMessage.tsx';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { exitUrl, isValidExitUrl, setExitUrl } from './quick-exit.ts';

/** Lets a person choose which ordinary website "Snel weg" opens, e.g. one they often visit. */
export function ExitSiteSetting(): JSX.Element {
  const [message, setMessage] = createSignal<FormResult>();
  const save = (e: SubmitEvent) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget as HTMLFormElement).get('exitUrl') ?? '').trim();
    if (!isValidExitUrl(value)) {
      setMessage({ ok: false, text: t('help.exitSiteInvalid') });
      return;
    }
    setExitUrl(value);
    setMessage({ ok: true, text: t('help.exitSiteSaved') });
  };
  return (
    <details class="card settings">
      <summary>
        <Icon name="globe" />
        <span>{t('help.exitSite')}</span>
      </summary>
      <form onSubmit={save}>
        <label class="field-label" for="exit-url">{t('help.exitSite')}</label>
        <input id="exit-url" name="exitUrl" type="url" value={exitUrl()} inputmode="url" />
        <button type="submit">{t('help.exitSiteSave')}</button>
        <FormMessage message={message()} />
      </form>
    </details>
  );
}
