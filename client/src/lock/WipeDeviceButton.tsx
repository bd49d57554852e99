import { Show, type JSX } from 'solid-js';
import { askFirst } from '../app/ask-first.ts';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { inBackground } from '../app/in-background.ts';

/** "Alles van dit apparaat wissen", with one plain confirmation: it cannot be undone. */
export function WipeDeviceButton(props: { label: string; onWipe: () => Promise<void> }): JSX.Element {
  // The focus goes to "Nee, niet wissen" (the safe answer) and back to the button.
  const question = askFirst();
  return (
    <div class="wipe-device">
      <Show
        when={question.asking()}
        fallback={
          <button type="button" class="danger" ref={question.askButton} onClick={() => question.ask()}>
            <Icon name="trash" />
            <span>{props.label}</span>
          </button>
        }
      >
        <p>{t('device.wipeText')}</p>
        <div class="actions">
          <button type="button" class="danger" onClick={inBackground('wipe device', async () => props.onWipe())}>
            <Icon name="trash" />
            <span>{t('device.wipeConfirm')}</span>
          </button>
          <button type="button" ref={question.safeAnswer} onClick={() => question.keep()}>
            <span>{t('device.wipeCancel')}</span>
          </button>
        </div>
      </Show>
    </div>
  );
}
