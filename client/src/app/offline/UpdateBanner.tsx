import { Show, type JSX } from 'solid-js';
import { t } from '../i18n/index.ts';
import { newVersionReady, reloadToNewVersion } from './register-service-worker.ts';

/**
 * A calm line at the bottom when a new version of the app is ready: the open page keeps working
 * on the version it started with until the person chooses to reload.
 */
export function UpdateBanner(): JSX.Element {
  return (
    <Show when={newVersionReady()}>
      <div class="update-banner" role="status">
        <span>{t('app.update.ready')}</span>
        <button type="button" class="update-reload" onClick={() => reloadToNewVersion()}>
          {t('sync.reload')}
        </button>
      </div>
    </Show>
  );
}
