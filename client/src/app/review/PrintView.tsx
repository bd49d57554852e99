import { For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { SECTIONS } from '@safeplan/schema/plan';
import { toBase64Url } from '@safeplan/schema/crypto';
import type { PersonView } from '../../sync/session.ts';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { formatDay, formatTime } from './format-time.ts';
import { attrName, attrValueText, fieldName, itemName } from './plan-labels.ts';
import type { ShownVersion } from './versions-state.ts';
import { ScaleChartsPrint } from '../plan-time/ScaleChartsPrint.tsx';
import './print.css';
import './register-messages.ts';

type LooseItem = { type: string; id: string | null; fields: Record<string, string>; attrs: Record<string, unknown> };

/** Attributes worth printing: set ones, without pictures' data URLs (unreadable as text). */
function printableAttrs(item: LooseItem): [string, unknown][] {
  return Object.entries(item.attrs).filter(([, val]) => val !== null && !(typeof val === 'string' && val.startsWith('data:')));
}

/**
 * A fixed version laid out for paper (A4): header with plan title, version and date, one section
 * per page, and the endorsements table. While it is open, the print stylesheet hides the rest of
 * the app, so "Afdrukken" (or the browser's own print) prints only this.
 */
export function PrintView(props: { shown: ShownVersion; planTitle: string; people: readonly PersonView[]; onClose: () => void }): JSX.Element {
  const v = () => props.shown.version;
  const nameOf = (personId: string) => props.people.find((p) => p.personId === personId)?.displayName || t('review.unknownPerson');
  const roleOf = (e: { kind: string; function?: string }) =>
    e.function === 'jeugdbescherming' ? t('reviewApp.function.jeugdbescherming') : t(`reviewApp.kind.${e.kind}`);
  let printButton: HTMLButtonElement | undefined;
  onMount(() => {
    document.body.classList.add('rv-printing');
    printButton?.focus();
  });
  onCleanup(() => document.body.classList.remove('rv-printing'));
  const items = (key: string) => (props.shown.model as unknown as Record<string, LooseItem[]>)[key] ?? [];
  return (
    <Portal>
      <div class="rv-print" role="dialog" aria-modal="true" aria-labelledby="rv-print-title">
        <div class="rv-print-actions">
          <button type="button" class="primary" ref={(el) => (printButton = el)} onClick={() => window.print()}>
            {t('reviewApp.print')}
          </button>
          <button type="button" onClick={() => props.onClose()}>
            {t('reviewApp.print.close')}
          </button>
        </div>
        <header class="rv-print-header" role="none">
          <p class="rv-print-plan">{props.planTitle}</p>
          <h1 id="rv-print-title">{t('reviewApp.print.heading', { versionNo: v().versionNo })}</h1>
          <p>{t('reviewApp.print.meta', { title: v().title, date: formatDay(v().date), time: formatTime(v().fixedAt) })}</p>
        </header>
        <section class="rv-print-endorsements">
          <h2>{t('reviewApp.print.endorsements')}</h2>
          <Show when={props.shown.approval.endorsedBy.length > 0} fallback={<p>{t('reviewApp.endorsed.none')}</p>}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reviewApp.print.col.name')}</th>
                  <th scope="col">{t('reviewApp.print.col.role')}</th>
                  <th scope="col">{t('reviewApp.print.col.at')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.shown.approval.endorsedBy}>
                  {(e) => (
                    <tr>
                      <td>{nameOf(e.personId)}</td>
                      <td>{roleOf(e)}</td>
                      <td>{formatTime(e.at)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
          <p class="rv-print-status">
            {props.shown.approval.waitingFor ? t('reviewApp.waiting.yp') : t('reviewApp.approved.plain')}
          </p>
          <p class="rv-print-hash">{t('reviewApp.print.hash', { hash: toBase64Url(v().contentHash).slice(0, 16) })}</p>
        </section>
        <For each={SECTIONS}>
          {(s) => (
            <section class="rv-print-section">
              <h2>{sectionTitle(s.key)}</h2>
              <Show when={s.key === 'safetyScale'}>
                <ScaleChartsPrint model={props.shown.model} people={props.people} versionNo={v().versionNo} versionDate={v().date} />
              </Show>
              <For each={items(s.key)} fallback={<p>{t('reviewApp.print.empty')}</p>}>
                {(item) => (
                  <div class="rv-print-item">
                    <h3>{itemName(item.type)}</h3>
                    <dl>
                      <For each={Object.entries(item.fields)}>
                        {([key, text]) => (
                          <>
                            <dt>{fieldName(item.type, key)}</dt>
                            <dd>{text || t('reviewApp.print.empty')}</dd>
                          </>
                        )}
                      </For>
                      <For each={printableAttrs(item)}>
                        {([key, val]) => (
                          <>
                            <dt>{attrName(item.type, key)}</dt>
                            <dd>{attrValueText(item.type, key, val)}</dd>
                          </>
                        )}
                      </For>
                    </dl>
                  </div>
                )}
              </For>
            </section>
          )}
        </For>
      </div>
    </Portal>
  );
}
