import { createSignal, Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { inBackground } from '../app/in-background.ts';

/** "Alles van dit apparaat wissen", with one plain confirmation: it cannot be undone. */
export function WipeDeviceButton(props: { label: string; onWipe: () => Promise<void> }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  // The button pressed is replaced by the question and back: the focus goes to "Nee, niet wissen"
  // (the safe answer) and back to the button, never to the top of the page.
  let wipeButton: HTMLButtonElement | undefined;
  let keepButton: HTMLButtonElement | undefined;
  return (
    <div class="wipe-device">
      <Show
        when={asking()}
        fallback={
          <button
            type="button"
            class="danger"
            ref={(el) => (wipeButton = el)}
            onClick={() => {
              setAsking(true);
              keepButton?.focus();
            }}
          >
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
          <button
            type="button"
            ref={(el) => (keepButton = el)}
            onClick={() => {
              setAsking(false);
              wipeButton?.focus();
            }}
          >
            <span>{t('device.wipeCancel')}</span>
          </button>
        </div>
      </Show>
    </div>
  );
}
