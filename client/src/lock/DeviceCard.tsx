import { createSignal, For, Show, type JSX } from 'solid-js';
import { FormMessage, type FormResult } from '../app/FormMessage.tsx';
import { Icon } from '../app/Icon.tsx';
import { t, tCount } from '../app/i18n/index.ts';
import { DEFAULT_MAX_TRIES, LockError, type LockKind } from './device-lock.ts';
import { CreationCodeForm } from './CreationCodeForm.tsx';
import { changeLock, deviceState, lockNow, saveSettings, setLock, settings, wipeAndLeave, type DeviceSettings } from './device-session.ts';
import { notify } from '../app/notices.ts';
import { WipeDeviceButton } from './WipeDeviceButton.tsx';
import { inBackground, reportFailure } from '../app/in-background.ts';

/** A setting that could not be kept is said, not only logged: the control would otherwise show a choice that was not saved. */
function saveSettingsOrSay(next: DeviceSettings): Promise<void> {
  return saveSettings(next).catch(() => notify(t('device.settings.failed'), { tone: 'error' }));
}

const AUTO_LOCK_CHOICES = [1, 2, 5, 10, 15, 30];

/** "Dit apparaat": the lock, auto-lock, the tab's name, the organisation's code and wiping everything. */
export function DeviceCard(): JSX.Element {
  const locked = () => deviceState().name === 'unlocked';
  return (
    <section class="card device-card" aria-labelledby="device-title">
      <h2 id="device-title">
        <Icon name="device" />
        <span>{t('device.title')}</span>
      </h2>
      <Show
        when={locked()}
        fallback={
          <>
            <div class="shared-advice">
              <h3>{t('device.sharedAdviceTitle')}</h3>
              <ul>
                <li>{t('device.sharedAdvice1')}</li>
                <li>{t('device.sharedAdvice2')}</li>
                <li>{t('device.sharedAdvice3')}</li>
              </ul>
            </div>
            <LockForm mode="set" />
          </>
        }
      >
        <p>{t('device.lockOn')}</p>
        <button type="button" class="primary" onClick={inBackground('lock', lockNow)}>
          <Icon name="lock" />
          <span>{t('lock.lockNowLabel')}</span>
        </button>
        <label class="field-label" for="auto-lock">{t('device.autoLock')}</label>
        <select
          id="auto-lock"
          value={String(settings().autoLockMinutes)}
          onChange={(e) => void saveSettingsOrSay({ ...settings(), autoLockMinutes: Number(e.currentTarget.value) }).catch(reportFailure('save device settings'))}
        >
          <For each={AUTO_LOCK_CHOICES}>{(n) => <option value={String(n)}>{tCount('device.minutes', n, { n })}</option>}</For>
        </select>
        <label class="attr-check">
          <input
            type="checkbox"
            checked={settings().showName}
            onChange={(e) => void saveSettingsOrSay({ ...settings(), showName: e.currentTarget.checked }).catch(reportFailure('save device settings'))}
          />
          <span>{t('device.showName')}</span>
        </label>
        <details class="change-lock">
          <summary>{t('device.changeLock')}</summary>
          <LockForm mode="change" />
        </details>
      </Show>
      <CreationCodeForm idPrefix="device-code" />
      <WipeDeviceButton label={t('device.wipe')} onWipe={wipeAndLeave} />
    </section>
  );
}

type FieldName = 'secret' | 'again' | 'tries';
/** Which field a refusal of the lock is about. */
const FIELD_OF_ERROR: Partial<Record<string, FieldName>> = {
  'pin-too-short': 'secret',
  'pin-not-digits': 'secret',
  'passphrase-too-short': 'secret',
  'bad-max-tries': 'tries',
};

function LockForm(props: { mode: 'set' | 'change' }): JSX.Element {
  const [kind, setKind] = createSignal<LockKind>('pin');
  const [maxTries, setMaxTries] = createSignal(DEFAULT_MAX_TRIES);
  const [busy, setBusy] = createSignal(false);
  /** The message key, worded when shown (it follows a language switch), and the field it is about. */
  const [said, setSaid] = createSignal<{ ok: boolean; key: string; field?: FieldName }>();
  const message = (): FormResult | undefined => {
    const s = said();
    return s && { ok: s.ok, text: t(s.key) };
  };
  const id = (name: string) => `${props.mode}-lock-${name}`;
  const wrong = (field: FieldName) => said()?.field === field;
  /** Says what is wrong, marks that field and puts the cursor in it. */
  const refuse = (key: string, field?: FieldName) => {
    setSaid({ ok: false, key, field });
    if (field) document.getElementById(id(field))?.focus();
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const secret = String(data.get('secret') ?? '');
    if (secret !== String(data.get('again') ?? '')) return refuse('device.err.mismatch', 'again');
    setBusy(true);
    setSaid(undefined);
    try {
      if (props.mode === 'set') await setLock(kind(), secret, maxTries());
      else await changeLock(kind(), secret, maxTries());
      form.reset();
      setSaid({ ok: true, key: props.mode === 'set' ? 'device.lockSet' : 'device.changed' });
    } catch (err) {
      if (!(err instanceof LockError)) console.error(err);
      if (err instanceof LockError) refuse(`device.err.${err.code}`, FIELD_OF_ERROR[err.code]);
      else refuse('device.err.failed');
    } finally {
      setBusy(false);
    }
  };
  const describedBy = (field: FieldName, own?: string) => [own, wrong(field) ? id('message') : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form class="lock-set" onSubmit={inBackground('set device lock', submit)}>
      <Show when={props.mode === 'set'}>
        <h3>{t('device.setLock')}</h3>
        <p class="help-text">{t('device.setLockIntro')}</p>
      </Show>
      <fieldset class="lock-kind">
        <label class="attr-check">
          <input type="radio" name="kind" value="pin" checked={kind() === 'pin'} onChange={() => setKind('pin')} />
          <span>{t('device.kindPin')}</span>
        </label>
        <label class="attr-check">
          <input type="radio" name="kind" value="passphrase" checked={kind() === 'passphrase'} onChange={() => setKind('passphrase')} />
          <span>{t('device.kindPassphrase')}</span>
        </label>
      </fieldset>
      <label class="field-label" for={id('secret')}>{t('device.secret')}</label>
      <input
        id={id('secret')}
        name="secret"
        type="password"
        autocomplete="new-password"
        inputmode={kind() === 'pin' ? 'numeric' : 'text'}
        aria-invalid={wrong('secret') ? 'true' : undefined}
        aria-describedby={describedBy('secret')}
      />
      <label class="field-label" for={id('again')}>{t('device.secretAgain')}</label>
      <input
        id={id('again')}
        name="again"
        type="password"
        autocomplete="new-password"
        inputmode={kind() === 'pin' ? 'numeric' : 'text'}
        aria-invalid={wrong('again') ? 'true' : undefined}
        aria-describedby={describedBy('again')}
      />
      <label class="field-label" for={id('tries')}>{t('device.maxTries')}</label>
      <input
        id={id('tries')}
        name="maxTries"
        type="number"
        min="3"
        max="100"
        value={maxTries()}
        aria-describedby={describedBy('tries', id('tries-help'))}
        aria-invalid={wrong('tries') ? 'true' : undefined}
        onInput={(e) => setMaxTries(Number(e.currentTarget.value))}
      />
      <p class="help-text" id={id('tries-help')}>{t('device.maxTriesHelp', { n: maxTries() })}</p>
      <FormMessage message={message()} id={id('message')} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          <Icon name="lock" />
          <span>{busy() ? t('device.busy') : props.mode === 'set' ? t('device.setLock') : t('device.save')}</span>
        </button>
      </div>
    </form>
  );
}
