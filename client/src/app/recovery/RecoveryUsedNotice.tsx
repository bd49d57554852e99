import { createSignal, For, Show, type JSX } from 'solid-js';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { formatDay, personName } from '../members/member-words.ts';
import type { MembershipView } from '../members/use-membership.ts';
import { recentRecoveryUses } from './recent-recovery-uses.ts';
import './recovery-messages.ts';

/**
 * Everyone in the plan is told, above the plan, when someone used a recovery code lately; owners
 * also get what to do if that was not agreed. The timeline keeps it for good.
 */
export function RecoveryUsedNotice(props: { view: MembershipView }): JSX.Element {
  const [seen, setSeen] = createSignal<ReadonlySet<string>>(new Set());
  const me = () => ({
    personId: props.view.me().personId,
    deviceSince: props.view.myPerson()?.devices.find((d) => d.thisDevice)?.since,
  });
  const uses = () => recentRecoveryUses(props.view.timeline(), me(), Date.now()).filter((u) => !seen().has(u.key));
  return (
    <For each={uses()}>
      {(u) => (
        <p class="members-banner" role="status" data-recovery-used={u.personId}>
          <Icon name="warning" />
          <span>
            {t('recovery.used', { name: personName(u.name), date: formatDay(u.at) })}
            <Show when={props.view.isOwner()}> {t('recovery.usedOwner', { name: personName(u.name) })}</Show>
          </span>
          <button type="button" onClick={() => setSeen(new Set([...seen(), u.key]))}>
            <span>{t('recovery.usedSeen')}</span>
          </button>
        </p>
      )}
    </For>
  );
}
