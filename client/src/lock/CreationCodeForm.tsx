import { createSignal, Show, type JSX } from 'solid-js';
import { FormMessage, type FormResult } from '../app/FormMessage.tsx';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { cleanCreationToken } from '../sync/creation-token.ts';
import { saveCreationToken, settings } from './device-session.ts';
import { reportFailure } from '../app/in-background.ts';

/**
 * "Code van je organisatie": a professional enters it once per device, in "Dit apparaat" or in
 * place where sharing a new plan was refused for want of it. Once saved it is never shown again
 * (it is the organisation's, and the tablet may be in other hands); it can be replaced or removed.
 */
export function CreationCodeForm(props: { idPrefix: string; inPlace?: boolean; onSaved?: () => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<FormResult>();
  const kept = () => settings().creationToken !== null;
  const id = (part: string) => `${props.idPrefix}-${part}`;

  const save = async (token: string | null, done: string, form?: HTMLFormElement) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await saveCreationToken(token);
      form?.reset();
      setMessage({ ok: true, text: t(done) });
      if (token) props.onSaved?.();
    } catch (err) {
      console.error(err);
      setMessage({ ok: false, text: t('device.code.failed') });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const token = cleanCreationToken(String(new FormData(form).get('code') ?? ''));
    if (!token) {
      setMessage({ ok: false, text: t('device.code.empty') });
      return;
    }
    void save(token, 'device.code.saved', form).catch(reportFailure('save creation code'));
  };

  return (
    <form class="creation-code" onSubmit={submit} aria-labelledby={id('title')}>
      <Show when={props.inPlace} fallback={<h3 id={id('title')}>{t('device.code.title')}</h3>}>
        <h4 id={id('title')}>{t('device.code.title')}</h4>
      </Show>
      <Show when={!props.inPlace}>
        <p class="help-text">{t('device.code.intro')}</p>
      </Show>
      <Show when={kept()}>
        <p>{t('device.code.kept')}</p>
      </Show>
      <label class="field-label" for={id('input')}>{t('device.code.label')}</label>
      <input id={id('input')} name="code" type="text" autocomplete="off" autocapitalize="off" spellcheck={false} />
      <FormMessage message={message()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          <Icon name="check" />
          <span>{t('device.code.save')}</span>
        </button>
        <Show when={kept()}>
          <button type="button" disabled={busy()} onClick={() => void save(null, 'device.code.removed').catch(reportFailure('remove creation code'))}>
            <span>{t('device.code.remove')}</span>
          </button>
        </Show>
      </div>
    </form>
  );
}
