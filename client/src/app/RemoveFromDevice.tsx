import { createSignal, Show, type JSX } from 'solid-js';
import type { PlanLibrary } from '../sync/session.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { notify } from './notices.ts';
import { navigate } from './router.ts';
import { closeCurrentSession } from './sessions.ts';
import { forgetDue } from './network/due-memo.ts';
import './remove-from-device.css';
import { inBackground } from './in-background.ts';
import { askFirst } from './ask-first.ts';

/**
 * "Verwijder van dit apparaat": a plain question first, with a warning when this device has
 * changes the others have not received yet. Removing takes every trace of the plan off this
 * device (library.remove, and the due dates the plan list keeps); the other members keep it. Afterwards the home screen shows.
 */
export function RemoveFromDevice(props: { library: PlanLibrary; planId: string; onlyHere?: boolean; onRemoved?: () => void; class?: string }): JSX.Element {
  // The focus goes to "Nee, bewaren" (the safe answer) and back to the button.
  const question = askFirst();
  const [unshared, setUnshared] = createSignal(0);
  const [busy, setBusy] = createSignal(false);
  const ask = async () => {
    setBusy(true);
    try {
      setUnshared(await props.library.unsharedChanges(props.planId));
      question.ask();
    } catch {
      notify(t('device.remove.failed'), { tone: 'error' });
    } finally {
      setBusy(false);
    }
    // Once enabled: a disabled button takes no focus.
    if (question.asking()) question.focusSafeAnswer();
  };
  const remove = async () => {
    setBusy(true);
    try {
      await closeCurrentSession();
      await props.library.remove(props.planId);
      await forgetDue(props.planId);
      notify(t('device.remove.done'));
      question.close();
      if (props.onRemoved) props.onRemoved();
      else navigate({ name: 'home' });
    } catch {
      notify(t('device.remove.failed'), { tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const titleId = `remove-${props.planId}`;
  return (
    <div class={`remove-from-device ${props.class ?? ''}`}>
      <Show
        when={question.asking()}
        fallback={
          <button type="button" class="remove-button" ref={question.askButton} disabled={busy()} onClick={inBackground('remove from device', ask)}>
            <Icon name="trash" />
            <span>{t('device.remove')}</span>
          </button>
        }
      >
        <div class="card remove-confirm" role="alertdialog" aria-labelledby={titleId}>
          <p id={titleId}>
            <strong>{t('device.remove.question')}</strong>
          </p>
          {/* "The others keep the plan" is only true of a shared plan. */}
          <Show when={!props.onlyHere}>
            <p>{t('device.remove.explain')}</p>
          </Show>
          <Show when={unshared() > 0 || props.onlyHere}>
            <p class="error-text" data-unshared={unshared()}>
              {props.onlyHere ? t('device.remove.onlyHere') : t('device.remove.unshared')}
            </p>
          </Show>
          <div class="actions">
            <button type="button" class="danger" disabled={busy()} onClick={inBackground('remove from device', remove)}>
              {t('device.remove.yes')}
            </button>
            <button type="button" ref={question.safeAnswer} disabled={busy()} onClick={() => question.keep()}>
              {t('device.remove.no')}
            </button>
          </div>
        </div>
      </Show>
    </div>
  );
}
