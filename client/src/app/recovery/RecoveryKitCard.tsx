import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import type { PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { QrCode } from '../QrCode.tsx';
import { t } from '../i18n/index.ts';
import { formatDay, personName } from '../members/member-words.ts';
import { createActionRunner } from '../members/run-action.ts';
import type { MembershipView } from '../members/use-membership.ts';
import { recoveryFileText, recoveryLink } from './recovery-link.ts';
import './recovery-messages.ts';
import './recovery.css';
import { inBackground, reportFailure } from '../in-background.ts';
import { downloadBlob } from '../download-file.ts';

/**
 * Owners: make (or replace) a recovery kit and print it or save it as a file. The code lives only
 * in this component's signal while the sheet is open; "Klaar" clears it, so the device keeps no copy.
 */
export function RecoveryKitCard(props: { session: PlanSession; view: MembershipView }): JSX.Element {
  const { busy, run } = createActionRunner();
  const [code, setCode] = createSignal<string | null>(null);
  const [madeAt, setMadeAt] = createSignal(0);
  // Re-read on every log change (the view's timeline changes with it).
  const since = () => (props.view.timeline(), props.session.membership.recoveryKitSince());
  onCleanup(() => setCode(null));

  // The button pressed is replaced by the kit and back: the focus goes to the kit's title, and
  // after "Klaar" back to the button, never to the top of the page.
  let sheetTitle: HTMLHeadingElement | undefined;
  let makeButton: HTMLButtonElement | undefined;
  const make = () =>
    run(async () => {
      setCode(await props.session.membership.createRecoveryKit());
      setMadeAt(Date.now());
      sheetTitle?.focus();
    });

  const sheetLines = (c: string) => [
    t('recovery.sheetTitle'),
    '',
    t('recovery.sheetWhat'),
    t('recovery.sheetWho', { name: personName(props.view.me().displayName), date: formatDay(madeAt()) }),
    '',
    `${t('recovery.codeLabel')}: ${c}`,
    recoveryLink(location.origin + location.pathname, c),
    '',
    t('recovery.sheetHowTitle'),
    `1. ${t('recovery.sheetHow1')}`,
    `2. ${t('recovery.sheetHow2')}`,
    `3. ${t('recovery.sheetHow3')}`,
    '',
    t('recovery.sheetKeepTitle'),
    `- ${t('recovery.sheetKeep1')}`,
    `- ${t('recovery.sheetKeep2')}`,
    `- ${t('recovery.sheetKeep3')}`,
    `- ${t('recovery.sheetKeep4')}`,
  ];

  const saveFile = (c: string) => downloadBlob(new Blob([recoveryFileText(sheetLines(c))], { type: 'text/plain;charset=utf-8' }), t('recovery.fileName'));

  return (
    <section class="card recovery-kit" aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t('recovery.title')}</h3>
      <p>{t('recovery.intro')}</p>
      <Show
        when={code()}
        fallback={
          <>
            <p class="help-text" data-recovery-kit={since() === null ? 'none' : 'live'}>
              {since() === null ? t('recovery.none') : t('recovery.since', { date: formatDay(since()!) })}
            </p>
            <div class="actions">
              <button type="button" class="primary" ref={(el) => (makeButton = el)} disabled={busy()} onClick={inBackground('make recovery kit', make)}>
                <Icon name="lock" />
                <span>{busy() ? t('recovery.busy') : since() === null ? t('recovery.make') : t('recovery.makeNew')}</span>
              </button>
            </div>
            <Show when={since() !== null}>
              <p class="help-text">{t('recovery.makeNewHelp')}</p>
              <div class="actions">
                <button type="button" disabled={busy()} onClick={() => void run(() => props.session.membership.removeRecoveryKit()).catch(reportFailure('remove recovery kit'))}>
                  <Icon name="trash" />
                  <span>{t('recovery.remove')}</span>
                </button>
              </div>
              <p class="help-text">{t('recovery.removeHelp')}</p>
            </Show>
          </>
        }
      >
        {(c) => (
          <>
            <article class="recovery-sheet" aria-labelledby="recovery-sheet-title">
              <h2 id="recovery-sheet-title" tabindex="-1" ref={(el) => (sheetTitle = el)}>
                {t('recovery.sheetTitle')}
              </h2>
              <p>{t('recovery.sheetWhat')}</p>
              <p>{t('recovery.sheetWho', { name: personName(props.view.me().displayName), date: formatDay(madeAt()) })}</p>
              <p class="field-label">{t('recovery.codeLabel')}</p>
              <p class="recovery-code" data-recovery-code>
                {c()}
              </p>
              <QrCode text={recoveryLink(location.origin + location.pathname, c())} label={t('recovery.qrLabel')} />
              <h3>{t('recovery.sheetHowTitle')}</h3>
              <ol>
                <li>{t('recovery.sheetHow1')}</li>
                <li>{t('recovery.sheetHow2')}</li>
                <li>{t('recovery.sheetHow3')}</li>
              </ol>
              <h3>{t('recovery.sheetKeepTitle')}</h3>
              <ul>
                <li>
                  <strong>{t('recovery.sheetKeep1')}</strong>
                </li>
                <li>{t('recovery.sheetKeep2')}</li>
                <li>{t('recovery.sheetKeep3')}</li>
                <li>{t('recovery.sheetKeep4')}</li>
              </ul>
            </article>
            <div class="actions recovery-actions">
              <button type="button" onClick={() => window.print()}>
                <span>{t('recovery.print')}</span>
              </button>
              <button type="button" onClick={() => saveFile(c())}>
                <Icon name="download" />
                <span>{t('recovery.saveFile')}</span>
              </button>
              <button
                type="button"
                class="primary"
                onClick={() => {
                  setCode(null);
                  makeButton?.focus();
                }}
              >
                <Icon name="check" />
                <span>{t('recovery.done')}</span>
              </button>
            </div>
            <p class="help-text recovery-actions">{t('recovery.doneHelp')}</p>
          </>
        )}
      </Show>
    </section>
  );
}
