import { For, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { SECTIONS } from '@safeplan/schema/plan';
import { toBase64Url } from '@safeplan/schema/crypto';
import type { PersonView } from '../../sync/session.ts';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { formatMoment, roleName } from '../members/member-words.ts';
import { formatDay } from './format-time.ts';
import { attrName, attrValueText, fieldName, itemName, type ItemRefText } from './plan-labels.ts';
import { shownName } from './review-people.ts';
import type { ShownVersion } from './versions-state.ts';
import { ScaleChartsPrint } from '../plan-time/ScaleChartsPrint.tsx';
import './print.css';
import './register-messages.ts';

type LooseItem = { type: string; id: string | null; fields: Record<string, string>; attrs: Record<string, unknown> };

/** A picture's data URL, when the item carries one the schema accepted (only data: URLs pass it). */
function pictureOf(item: LooseItem): string | null {
  const src = item.attrs.src;
  return item.type === 'picture' && typeof src === 'string' && src.startsWith('data:image/') ? src : null;
}

/** Attributes printed as words: set ones, without pictures (printed as pictures). */
function printableAttrs(item: LooseItem): [string, unknown][] {
  return Object.entries(item.attrs).filter(([key, val]) => val !== null && !(item.type === 'picture' && key === 'src'));
}

/**
 * A fixed version laid out for paper (A4), to sign at the kitchen table: a cover with the plan's
 * name, the version, the meeting date and who endorsed it; then the sections one after the other
 * (pictures as pictures, references as the text they point at, dates written out); then a
 * signature line for every member who takes part in agreeing (everyone but readers). While it is
 * open, the print stylesheet hides the rest of the app, so "Afdrukken" prints only this.
 */
export function PrintView(props: { shown: ShownVersion; planTitle: string; people: readonly PersonView[]; onClose: () => void }): JSX.Element {
  const v = () => props.shown.version;
  const nameOf = (personId: string) => shownName(props.people, personId);
  const roleOf = (e: { kind: string; function?: string }) =>
    e.function === 'jeugdbescherming' ? t('reviewApp.function.jeugdbescherming') : t(`reviewApp.kind.${e.kind}`);
  const fixer = () => shownName(props.people, props.people.find((p) => p.devices.some((d) => d.deviceId === toBase64Url(v().fixedBy)))?.personId ?? null);
  let printButton: HTMLButtonElement | undefined;
  onMount(() => {
    document.body.classList.add('rv-printing');
    printButton?.focus();
  });
  onCleanup(() => document.body.classList.remove('rv-printing'));
  const model = () => props.shown.model as unknown as Record<string, LooseItem[]>;
  const items = (key: string) => model()[key] ?? [];
  const refText: ItemRefText = (itemType, id) => {
    for (const list of Object.values(model())) {
      const hit = list.find((i) => i.type === itemType && i.id === id);
      if (hit) return Object.values(hit.fields).find((f) => f.trim()) ?? null;
    }
    return null;
  };
  // Who signs: the people in the plan now who take part in agreeing (readers only read).
  const signers = () => props.people.filter((p) => !p.left && p.role !== 'reader');
  const endorsedAt = (personId: string) => props.shown.approval.endorsedBy.find((e) => e.personId === personId)?.at;
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
        <section class="rv-print-cover" aria-labelledby="rv-print-title">
          <h1 id="rv-print-title" class="rv-print-plan">
            {props.planTitle}
          </h1>
          <p class="rv-print-version">{t('reviewApp.print.cover.version', { versionNo: v().versionNo, title: v().title })}</p>
          <p>{t('reviewApp.print.cover.meeting', { date: formatDay(v().date) })}</p>
          <p>{t('reviewApp.print.cover.fixed', { name: fixer(), time: formatMoment(v().fixedAt) })}</p>
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
                      <td>{formatMoment(e.at)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
          <p class="rv-print-status">{props.shown.approval.waitingFor ? t('reviewApp.waiting.yp') : t('reviewApp.approved.plain')}</p>
          <p class="rv-print-hash">{t('reviewApp.print.hash', { hash: toBase64Url(v().contentHash).slice(0, 16) })}</p>
        </section>
        <For each={SECTIONS}>
          {(s) => (
            <section class="rv-print-section" data-section={s.key}>
              <h2>{sectionTitle(s.key)}</h2>
              <Show when={s.key === 'safetyScale'}>
                <ScaleChartsPrint model={props.shown.model} people={props.people} versionNo={v().versionNo} versionDate={v().date} />
              </Show>
              <For each={items(s.key)} fallback={<p>{t('reviewApp.print.empty')}</p>}>
                {(item) => (
                  <div class="rv-print-item">
                    <h3>{itemName(item.type)}</h3>
                    <Show when={pictureOf(item)}>
                      {(src) => <img class="rv-print-picture" src={src()} alt={item.fields.caption || t('reviewApp.print.picture')} />}
                    </Show>
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
                            <dd>{attrValueText(item.type, key, val, refText)}</dd>
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
        <section class="rv-print-signatures" aria-labelledby="rv-print-signatures-title">
          <h2 id="rv-print-signatures-title">{t('reviewApp.print.signatures')}</h2>
          <p>{t('reviewApp.print.signatures.help')}</p>
          <For each={signers()}>
            {(p) => (
              <div class="rv-print-sign" data-person={p.personId}>
                <p class="rv-print-sign-name">
                  <strong>{p.displayName || t('review.unknownPerson')}</strong>
                  {` (${p.kind === 'professional' && p.function ? t(`members.function.${p.function}`) : roleName(p.role)})`}
                </p>
                <Show when={endorsedAt(p.personId)}>{(at) => <p class="rv-print-sign-endorsed">{t('reviewApp.print.sign.endorsed', { time: formatMoment(at()) })}</p>}</Show>
                <div class="rv-print-sign-lines">
                  <span>{t('reviewApp.print.sign.signature')}</span>
                  <span>{t('reviewApp.print.sign.date')}</span>
                </div>
              </div>
            )}
          </For>
        </section>
      </div>
    </Portal>
  );
}
