import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { PlanSession, SyncState } from '../sync/session.ts';
import { displayName } from './display-name.ts';
import { t } from './i18n/index.ts';
import { othersHere, type PersonHere } from './presence.ts';

/**
 * Who else has this plan open now, each with the colour of their caret. While this device is
 * offline or the plan is not shared, what we last heard may be stale, so only "you" is shown.
 */
export function PresenceList(props: { session: PlanSession; state: SyncState; ownColor: string }): JSX.Element {
  const { awareness } = props.session;
  const read = () => othersHere(awareness.getStates(), awareness.clientID);
  const [people, setPeople] = createSignal<PersonHere[]>(read());
  const onChange = () => setPeople(read());
  awareness.on('change', onChange);
  onCleanup(() => awareness.off('change', onChange));
  const connected = () => props.state.kind === 'synced' || props.state.kind === 'syncing' || (props.state.kind === 'attention' && props.state.connected);
  const visible = () => (connected() ? people() : []);
  return (
    <section class="presence" aria-label={t('presence.label')}>
      <Show when={visible().length > 0} fallback={<p class="presence-alone">{t('presence.onlyYou')}</p>}>
        <span class="presence-title">{t('presence.here')}</span>
        <ul class="presence-people">
          <li class="presence-person" data-client={awareness.clientID}>
            <span class="presence-dot" style={{ 'background-color': props.ownColor }} aria-hidden="true" />
            <span>
              {displayName() || t('plan.you')} ({t('presence.you')})
            </span>
          </li>
          <For each={visible()}>
            {(person) => (
              <li class="presence-person" data-client={person.clientId}>
                <span class="presence-dot" style={{ 'background-color': person.color }} aria-hidden="true" />
                <span>{person.name}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
