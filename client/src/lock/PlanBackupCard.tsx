import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import { navigate } from '../app/router.ts';
import type { PlanLibrary } from '../sync/session.ts';
import { LockError } from './device-lock.ts';
import { deviceStore } from './device-session.ts';
import { BackupError, exportPlanBackup, importPlanBackup } from './plan-backup.ts';
import { inBackground } from '../app/in-background.ts';
import { downloadBlob } from '../app/download-file.ts';

/** A message key, worded when shown: it follows a language switched after it. */
type Message = { ok: boolean; key: string };

const explain = (err: unknown): string => {
  if (err instanceof BackupError) return `backup.err.${err.code}`;
  if (err instanceof LockError) return `device.err.${err.code}`;
  console.error(err);
  return 'backup.err.failed';
};

/** "Exporteer plan" to an encrypted file, and putting such a file back on a device. */
export function PlanBackupCard(props: { library: PlanLibrary }): JSX.Element {
  const [plans] = createResource(() => props.library.list());
  const [busy, setBusy] = createSignal(false);
  const [exportMessage, setExportMessage] = createSignal<Message>();
  const [importMessage, setImportMessage] = createSignal<Message>();
  let fileInput: HTMLInputElement | undefined;

  const doExport = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const passphrase = String(data.get('passphrase') ?? '');
    if (passphrase !== String(data.get('again') ?? '')) return setExportMessage({ ok: false, key: 'device.err.mismatch' });
    setBusy(true);
    setExportMessage(undefined);
    try {
      const file = await exportPlanBackup(deviceStore(), String(data.get('planId') ?? ''), passphrase);
      downloadBlob(new Blob([file as BlobPart], { type: 'application/octet-stream' }), `notities-${new Date().toISOString().slice(0, 10)}.bin`);
      setExportMessage({ ok: true, key: 'backup.exported' });
    } catch (err) {
      setExportMessage({ ok: false, key: explain(err) });
    } finally {
      setBusy(false);
    }
  };

  const doImport = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const file = data.get('file');
    // No file chosen yet is not a wrong file: the person is told to choose one, and the cursor goes there.
    if (!(file instanceof File) || file.name === '') {
      setImportMessage({ ok: false, key: 'backup.noFile' });
      fileInput?.focus();
      return;
    }
    setBusy(true);
    setImportMessage(undefined);
    try {
      if (file.size === 0) throw new BackupError('not-a-backup');
      const { planId } = await importPlanBackup(deviceStore(), new Uint8Array(await file.arrayBuffer()), String(data.get('passphrase') ?? ''));
      navigate({ name: 'plan', planId });
    } catch (err) {
      setImportMessage({ ok: false, key: explain(err) });
    } finally {
      setBusy(false);
    }
  };

  const show = (m: () => Message | undefined) => (
    <Show when={m()}>
      {(msg) => (
        <p role={msg().ok ? 'status' : 'alert'} class={msg().ok ? '' : 'error-text'}>
          {t(msg().key)}
        </p>
      )}
    </Show>
  );

  return (
    <details class="card settings backup-card">
      <summary>
        <Icon name="download" />
        <span>{t('backup.title')}</span>
      </summary>
      <p class="help-text">{t('backup.intro')}</p>
      <Show when={(plans() ?? []).length > 0}>
        <form onSubmit={inBackground('export backup', doExport)}>
          <label class="field-label" for="backup-plan">{t('backup.plan')}</label>
          <select id="backup-plan" name="planId">
            <For each={plans() ?? []}>{(p) => <option value={p.planId}>{p.title || t('plan.untitled')}</option>}</For>
          </select>
          <label class="field-label" for="backup-pass">{t('backup.passphrase')}</label>
          <input id="backup-pass" name="passphrase" type="password" autocomplete="new-password" />
          <label class="field-label" for="backup-again">{t('backup.passphraseAgain')}</label>
          <input id="backup-again" name="again" type="password" autocomplete="new-password" />
          {show(exportMessage)}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy()}>
              <Icon name="download" />
              <span>{t('backup.export')}</span>
            </button>
          </div>
        </form>
      </Show>
      <form onSubmit={inBackground('import backup', doImport)}>
        <h3>{t('backup.importTitle')}</h3>
        <p class="help-text">{t('backup.importWarning')}</p>
        <label class="field-label" for="restore-file">{t('backup.file')}</label>
        <input id="restore-file" name="file" type="file" ref={(el) => (fileInput = el)} />
        <label class="field-label" for="restore-pass">{t('backup.passphrase')}</label>
        <input id="restore-pass" name="passphrase" type="password" autocomplete="off" />
        {show(importMessage)}
        <div class="actions">
          <button type="submit" disabled={busy()}>
            <span>{t('backup.import')}</span>
          </button>
        </div>
      </form>
    </details>
  );
}
