import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { PlanSession, SyncState, SyncWarning } from '../sync/session.ts';
import { Icon, type IconName } from './Icon.tsx';
import { hasMessage, t } from './i18n/index.ts';

export function syncStateWords(s: SyncState): { icon: IconName; text: string; tone: 'ok' | 'wait' | 'problem' } {
  switch (s.kind) {
    case 'local':
      return { icon: 'device', text: t('sync.local'), tone: 'ok' };
    case 'synced':
      return { icon: 'check', text: t('sync.synced'), tone: 'ok' };
    case 'syncing':
      return { icon: 'sync', text: t('sync.syncing', { n: s.waiting }), tone: 'wait' };
    case 'offline':
      return { icon: 'cloudOff', text: t('sync.offline', { n: s.waiting }), tone: 'wait' };
    case 'problem': {
      const key = `sync.problem.${s.code}`;
      return { icon: 'warning', text: hasMessage(key) ? t(key) : t('sync.problem'), tone: 'problem' };
    }
    case 'attention':
      return { icon: 'warning', text: t('sync.attention'), tone: 'problem' };
  }
}

/** Who a warning is about, by the name the plan shows for that person (or "someone"). */
export type NameOf = (concerns: SyncWarning['concerns']) => string | undefined;

/** One warning in plain words: what happened, about whom, and what the person can do. */
export function warningWords(w: SyncWarning, nameOf: NameOf): { what: string; todo: string } {
  const name = nameOf(w.concerns) ?? t('sync.attention.someone');
  const whatKey = `sync.attention.${w.code}`;
  const todoKey = `sync.advice.${w.code}`;
  return {
    what: hasMessage(whatKey) ? t(whatKey, { name }) : t('sync.attention.refused', { name }),
    todo: hasMessage(todoKey) ? t(todoKey, { name }) : t('sync.advice.default', { name }),
  };
}

/** Looks a warning's person up in the session's member list (by person, else by device). */
export function nameInPlan(session: PlanSession): NameOf {
  return (concerns) => {
    if (!concerns) return undefined;
    const people = session.membership.people();
    const person =
      people.find((p) => concerns.personId !== undefined && p.personId === concerns.personId) ??
      people.find((p) => p.devices.some((d) => d.deviceId === concerns.devicePub));
    return person?.displayName || undefined;
  };
}

/** At most this many warnings are spelled out; the rest are counted. */
const SHOWN = 3;

/** The session's state in plain words, updated as it changes. */
export function SyncStatus(props: { session: PlanSession }): JSX.Element {
  const [state, setState] = createSignal<SyncState>(props.session.state());
  onCleanup(props.session.onState(setState));
  const words = () => syncStateWords(state());
  const warnings = () => {
    const st = state();
    return st.kind === 'attention' ? [...st.warnings].reverse() : [];
  };
  const nameOf = nameInPlan(props.session);
  return (
    <div class={`sync-status sync-${words().tone}`} role="status" data-sync={state().kind} data-code={(() => { const st = state(); return st.kind === 'problem' ? st.code : undefined; })()}>
      <Icon name={words().icon} />
      <span>{words().text}</span>
      <Show when={warnings().length > 0}>
        <ul class="sync-warnings">
          <For each={warnings().slice(0, SHOWN)}>
            {(w) => {
              const { what, todo } = warningWords(w, nameOf);
              return (
                <li data-warning={w.code}>
                  <span>{what}</span> <span>{todo}</span>
                </li>
              );
            }}
          </For>
        </ul>
        <Show when={warnings().length > SHOWN}>
          <span>{t('sync.attention.more', { n: warnings().length - SHOWN })}</span>
        </Show>
        <button type="button" class="sync-dismiss" onClick={() => props.session.dismissWarnings()}>
          {t('sync.attention.dismiss')}
        </button>
      </Show>
    </div>
  );
}
