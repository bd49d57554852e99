import type { JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { reloadToNewVersion } from './register-service-worker.ts';

/** "Herladen" where the relay found this app too old: the one way on is the new version. */
export function ReloadButton(props: { big?: boolean }): JSX.Element {
  return (
    <div class="actions">
      <button type="button" class={props.big ? 'primary big' : 'primary'} onClick={() => reloadToNewVersion()}>
        <span>{t('sync.reload')}</span>
      </button>
    </div>
  );
}
