import { createSignal, Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { inBackground } from '../app/in-background.ts';

/** "Alles van dit apparaat wissen", with one plain confirmation: it cannot be undone. */
export function WipeDeviceButton(props: { label: string; onWipe: () => Promise<void> }): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  return (
    <div class="wipe-device">
      <Show
        when={asking()}
        fallback={
          <button type="button" class="danger" onClick={() => setAsking(true)}>
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
          <button type="button" onClick={() => setAsking(false)}>
            <span>{t('device.wipeCancel')}</span>
          </button>
        </div>
      </Show>
    </div>
  );
}
