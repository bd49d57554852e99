import { Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { lockIsSet, lockNow } from './device-session.ts';
import { inBackground } from '../app/in-background.ts';

/** In the top bar on every screen once a lock is set: one tap and the device is locked. */
export function LockNowButton(): JSX.Element {
  return (
    <Show when={lockIsSet()}>
      <button type="button" class="lock-now" aria-label={t('lock.lockNowLabel')} onClick={inBackground('lock', lockNow)}>
        <Icon name="lock" />
        <span>{t('lock.lockNow')}</span>
      </button>
    </Show>
  );
}
