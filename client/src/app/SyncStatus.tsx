import { createSignal, onCleanup, type JSX } from 'solid-js';
import type { PlanSession, SyncState } from '../sync/session.ts';
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
  }
}

/** The session's state in plain words, updated as it changes. */
export function SyncStatus(props: { session: PlanSession }): JSX.Element {
  const [state, setState] = createSignal<SyncState>(props.session.state());
  onCleanup(props.session.onState(setState));
  const words = () => syncStateWords(state());
  return (
    <p class={`sync-status sync-${words().tone}`} role="status" data-sync={state().kind} data-code={(() => { const st = state(); return st.kind === 'problem' ? st.code : undefined; })()}>
      <Icon name={words().icon} />
      <span>{words().text}</span>
    </p>
  );
}
