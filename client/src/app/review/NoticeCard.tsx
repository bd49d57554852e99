import { For, Show, type JSX } from 'solid-js';
import type { VersionNotice } from '@safeplan/schema/review';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { formatDay } from './format-time.ts';
import './register-messages.ts';

/** "Dit is er veranderd sinds de vorige versie": shown to every member once a new version is fixed. */
export function NoticeCard(props: { notice: VersionNotice; onRead: () => void; onShow: () => void }): JSX.Element {
  const n = () => props.notice;
  return (
    <aside class="card rv-notice" aria-labelledby="rv-notice-title">
      <h2 id="rv-notice-title">{t('reviewApp.notice.title')}</h2>
      <p>
        <strong>{t('reviewApp.notice.version', { versionNo: n().versionNo, title: n().title, date: formatDay(n().date) })}</strong>
      </p>
      <Show when={n().previousVersionNo !== null} fallback={<p>{t('reviewApp.notice.first')}</p>}>
        <Show when={n().sections.length > 0} fallback={<p>{t('reviewApp.notice.nothing')}</p>}>
          <ul>
            <For each={n().sections}>
              {(s) => <li>{t('reviewApp.notice.section', { section: sectionTitle(s.section), added: s.added, changed: s.changed, removed: s.removed })}</li>}
            </For>
          </ul>
        </Show>
      </Show>
      <div class="actions">
        <button type="button" class="primary" onClick={() => props.onShow()}>
          {t('reviewApp.notice.show')}
        </button>
        <button type="button" onClick={() => props.onRead()}>
          {t('reviewApp.notice.ok')}
        </button>
      </div>
    </aside>
  );
}
