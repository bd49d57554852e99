import { createSignal, Show, type JSX } from 'solid-js';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { downloadBlob } from './download-file.ts';
import { exportRawData } from './raw-export.ts';
import { inBackground } from './in-background.ts';
import { SyncError } from '../sync/index.ts';
import { navigate } from './router.ts';

/** Shown when the device store fails to load. It explains that nothing is lost and offers the raw data. */
export function StorageErrorScreen(props: { error: unknown; onRetry: () => void }): JSX.Element {
  // Nothing is wrong with the store when the app's own part for a plan did not load: say that.
  const partMissing = () => props.error instanceof SyncError && props.error.code === 'app-part-missing';
  return (
    <Show when={!partMissing()} fallback={<AppPartMissing />}>
      <StoreProblem error={props.error} onRetry={props.onRetry} />
    </Show>
  );
}

function StoreProblem(props: { error: unknown; onRetry: () => void }): JSX.Element {
  const [exportFailed, setExportFailed] = createSignal(false);
  const message = () => (props.error instanceof Error ? props.error.message : String(props.error));
  const save = async () => {
    setExportFailed(false);
    try {
      const stamp = new Date().toISOString().slice(0, 10);
      downloadBlob(await exportRawData(), `safeplan-ruwe-gegevens-${stamp}.json`);
    } catch {
      setExportFailed(true);
    }
  };
  return (
    <section class="screen storage-error" aria-labelledby="storage-error-title">
      <h1 id="storage-error-title">
        <Icon name="warning" /> {t('storage.title')}
      </h1>
      <p class="lead">{t('storage.body')}</p>
      <p>{t('storage.advice')}</p>
      <p>{t('storage.exportNote')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={inBackground('save raw data', save)}>
          <Icon name="download" />
          <span>{t('storage.export')}</span>
        </button>
        <button type="button" onClick={() => props.onRetry()}>
          <Icon name="sync" />
          <span>{t('storage.retry')}</span>
        </button>
      </div>
      <Show when={exportFailed()}>
        <p role="alert" class="error-text">{t('storage.exportFailed')}</p>
      </Show>
      <p class="detail">{t('storage.detail', { message: message() })}</p>
    </section>
  );
}

/** The engine's chunk could not be fetched (offline before the service worker kept the app): a reload with a network helps; the plan list still opens. */
function AppPartMissing(): JSX.Element {
  return (
    <section class="screen storage-error" aria-labelledby="app-part-missing-title">
      <h1 id="app-part-missing-title">
        <Icon name="warning" /> {t('storage.partMissing.title')}
      </h1>
      <p class="lead">{t('storage.partMissing.body')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => location.reload()}>
          <Icon name="sync" />
          <span>{t('sync.reload')}</span>
        </button>
        {/* The plan list needs no part that could be missing: a way out that works offline too. */}
        <button type="button" onClick={() => navigate({ name: 'home' })}>
          <Icon name="back" />
          <span>{t('plan.back')}</span>
        </button>
      </div>
    </section>
  );
}
