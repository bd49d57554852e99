import { Show, type JSX } from 'solid-js';
import type { PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { createActionRunner } from './run-action.ts';
import type { MembershipView } from './use-membership.ts';
import { reportFailure } from '../in-background.ts';

/** Lengths that fit one line on a tablet; the document would take more, the screens would not. */
const MAX_NAME = 40;
const MAX_RELATION = 60;
const MAX_PHONE = 30;

const oneLine = (v: FormDataEntryValue | null, max: number) => String(v ?? '').replace(/[\p{Cc}\s]+/gu, ' ').trim().slice(0, max);

/**
 * My own name, relation and phone as the others see them (encrypted in the plan), and my code to
 * compare aloud with the person who invited me.
 */
export function MyDetails(props: { session: PlanSession; view: MembershipView }): JSX.Element {
  const { busy, run } = createActionRunner();
  const mine = () => props.view.myPerson();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const displayName = oneLine(form.get('displayName'), MAX_NAME);
    const details = { relation: oneLine(form.get('relation'), MAX_RELATION), phone: oneLine(form.get('phone'), MAX_PHONE), ...(displayName ? { displayName } : {}) };
    void run(() => props.session.membership.setMyDetails(details)).catch(reportFailure('save my details'));
  };
  return (
    <details class="card members-me">
      <summary>{t('members.myDetailsTitle')}</summary>
      <Show when={props.view.me().verificationCode}>
        {(code) => (
          <div class="verify">
            <p>
              <strong>{t('members.verifyTitle')}</strong>
            </p>
            <p>
              {t('members.myCode')} <span class="verify-code" data-code={code()}>{code()}</span>
            </p>
            <p class="help-text">{t('members.verifyHelp')}</p>
          </div>
        )}
      </Show>
      <form onSubmit={submit}>
        <label class="field-label" for="members-my-name">{t('members.myName')}</label>
        <input id="members-my-name" name="displayName" autocomplete="off" maxLength={MAX_NAME} value={mine()?.displayName ?? props.view.me().displayName} />
        <label class="field-label" for="members-my-relation">{t('members.myRelation')}</label>
        <input id="members-my-relation" name="relation" autocomplete="off" maxLength={MAX_RELATION} value={mine()?.relation ?? ''} aria-describedby="members-my-relation-help" />
        <p class="help-text" id="members-my-relation-help">{t('members.myRelationHelp')}</p>
        <label class="field-label" for="members-my-phone">{t('members.myPhone')}</label>
        <input id="members-my-phone" name="phone" type="tel" autocomplete="off" maxLength={MAX_PHONE} value={mine()?.phone ?? ''} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy()}>
            <Icon name="check" />
            <span>{t('members.mySave')}</span>
          </button>
        </div>
      </form>
    </details>
  );
}
