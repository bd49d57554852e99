import { createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t, tCount } from '../app/i18n/index.ts';
import type { LockKind } from './device-lock.ts';
import { lockWaitUntil, notAllSaved, unlock, wipeAndLeave } from './device-session.ts';
import { WipeDeviceButton } from './WipeDeviceButton.tsx';
import { inBackground } from '../app/in-background.ts';

/**
 * The only screen of a locked device: one field, one button, the way back when the code is lost.
 * It shows nothing of the plans, the people or the purpose of the app.
 */
export function LockScreen(props: { kind: LockKind }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  /** What went wrong, as a message key: worded when shown, so it follows a language switch. */
  const [message, setMessage] = createSignal<{ key: string; n?: number }>();
  const [waitUntil, setWaitUntil] = createSignal(0);
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 250);
  onCleanup(() => clearInterval(tick));
  // After a reload the wait from the last wrong try still holds: show it before anyone types.
  onMount(() => void lockWaitUntil().then(setWaitUntil, () => undefined));
  const secondsLeft = () => Math.max(0, Math.ceil((waitUntil() - now()) / 1000));

  let secretInput: HTMLInputElement | undefined;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const secret = String(new FormData(form).get('secret') ?? '');
    if (!secret || busy() || secondsLeft() > 0) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await unlock(secret);
      if (result.kind === 'wrong') {
        form.reset();
        setWaitUntil(result.until);
        setMessage(result.triesLeft === 1 ? { key: 'lock.wrongLast' } : { key: 'lock.wrong', n: result.triesLeft });
      } else if (result.kind === 'wait') {
        setWaitUntil(result.until);
      } else if (result.kind === 'wipe') {
        setMessage({ key: 'lock.wiped' });
      }
    } catch (err) {
      console.error(err);
      setMessage({ key: 'lock.failed' });
    } finally {
      setBusy(false);
      // Another try starts where it is typed: the field keeps (or gets back) the focus, and the
      // message is tied to it (aria-describedby) as well as said out loud (role=alert).
      secretInput?.focus();
    }
  };

  return (
    <section class="screen lock-screen" aria-labelledby="lock-title">
      <h1 id="lock-title">
        <Icon name="lock" />
        <span>{t('lock.title')}</span>
      </h1>
      <Show when={notAllSaved()}>
        <p role="alert" class="error-text lock-not-all-saved">
          <Icon name="warning" />
          <span>{t('lock.notAllSaved')}</span>
        </p>
      </Show>
      <form class="card lock-form" onSubmit={inBackground('unlock', submit)}>
        <label class="field-label" for="lock-secret">
          {props.kind === 'pin' ? t('lock.pinLabel') : t('lock.passphraseLabel')}
        </label>
        <input
          id="lock-secret"
          name="secret"
          type="password"
          autocomplete="off"
          inputmode={props.kind === 'pin' ? 'numeric' : 'text'}
          autofocus
          ref={(el) => (secretInput = el)}
          readOnly={busy()}
          aria-invalid={message() ? 'true' : undefined}
          aria-describedby={[message() ? 'lock-message' : '', secondsLeft() > 0 ? 'lock-wait' : ''].filter(Boolean).join(' ') || undefined}
        />
        <Show when={message()}>
          <p role="alert" class="error-text" id="lock-message">{t(message()!.key, { n: message()!.n ?? 0 })}</p>
        </Show>
        <Show when={secondsLeft() > 0}>
          <p role="status" class="lock-wait" id="lock-wait">{tCount('lock.wait', secondsLeft(), { s: secondsLeft() })}</p>
        </Show>
        <div class="actions">
          <button type="submit" class="primary big" disabled={busy() || secondsLeft() > 0}>
            <span>{busy() ? t('lock.opening') : t('lock.open')}</span>
          </button>
        </div>
      </form>
      <details class="card lock-forgot">
        <summary>{t('lock.forgot')}</summary>
        <p>{t('lock.forgotText1')}</p>
        <p>{t('lock.forgotText2')}</p>
        <p>{t('lock.forgotText3')}</p>
        <WipeDeviceButton label={t('lock.forgotWipe')} onWipe={wipeAndLeave} />
      </details>
    </section>
  );
}
