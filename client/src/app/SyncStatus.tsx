import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { PlanSession, SyncState } from '../sync/session.ts';
import { browserOnline, withBrowserOnline } from './browser-online.ts';
import { Icon, type IconName } from './Icon.tsx';
import { reloadToNewVersion } from './offline/register-service-worker.ts';
import { hasMessage, t, tCount } from './i18n/index.ts';
import { nameIn, warningWords } from './sync-warning-words.ts';
import { problemKey } from './sync-problem-words.ts';
import { firstUnsharedSince, nextUnsharedSince, type UnsharedSince } from './unshared-since.ts';

/** "14:02": the time of day the first unshared change was made. */
function clock(at: number): string {
  return new Intl.DateTimeFormat(t('sync.clockLocale'), { hour: '2-digit', minute: '2-digit' }).format(at);
}

/**
 * Words for the state. What waits is said as "not shared since 14:02", not as a count: the engine
 * counts small sync messages (many per word typed), which is not what a person calls a change.
 */
export function syncStateWords(s: SyncState, since: UnsharedSince = null): { icon: IconName; text: string; tone: 'ok' | 'wait' | 'problem' } {
  switch (s.kind) {
    case 'local':
      return { icon: 'device', text: t('sync.local'), tone: 'ok' };
    case 'synced':
      return { icon: 'check', text: t('sync.synced'), tone: 'ok' };
    case 'syncing':
      return { icon: 'sync', text: t('sync.sending'), tone: 'wait' };
    case 'offline': {
      const text =
        s.waiting === 0 ? t('sync.offlineAllShared') : typeof since === 'number' ? t('sync.offlineSince', { time: clock(since) }) : t('sync.offlineWaiting');
      return { icon: 'cloudOff', text, tone: 'wait' };
    }
    case 'problem':
      return { icon: 'warning', text: t(problemKey(s.code)), tone: 'problem' };
    case 'attention':
      return { icon: 'warning', text: t('sync.attention'), tone: 'problem' };
  }
}

/** At most this many warnings are spelled out; the rest are counted. */
const SHOWN = 3;

/** The session's state in plain words, updated as it changes; offline as soon as the browser knows. */
export function SyncStatus(props: { session: PlanSession }): JSX.Element {
  const [state, setState] = createSignal<SyncState>(props.session.state());
  const [since, setSince] = createSignal<UnsharedSince>(firstUnsharedSince(props.session.state()));
  onCleanup(
    props.session.onState((s) => {
      setSince((prev) => nextUnsharedSince(prev, s, Date.now()));
      setState(s);
    }),
  );
  const online = browserOnline();
  const shown = (): SyncState => withBrowserOnline(state(), online()) as SyncState;
  const words = () => syncStateWords(shown(), since());
  const warnings = () => {
    const st = shown();
    return st.kind === 'attention' ? [...st.warnings].reverse() : [];
  };
  const nameOf = nameIn(() => props.session.membership.people());
  const lookup = { t, has: hasMessage };
  return (
    <div class={`sync-status sync-${words().tone}`} role="status" data-sync={shown().kind} data-code={(() => { const st = shown(); return st.kind === 'problem' ? st.code : undefined; })()}>
      <Icon name={words().icon} />
      <span>{words().text}</span>
      <Show when={(() => { const st = shown(); return st.kind === 'problem' && st.code === 'update-required'; })()}>
        {/* The relay needs a newer app: a reload gets it (a waiting service worker takes over first). */}
        <button type="button" class="sync-reload" onClick={() => reloadToNewVersion()}>
          {t('sync.reload')}
        </button>
      </Show>
      <Show when={warnings().length > 0}>
        <ul class="sync-warnings">
          <For each={warnings().slice(0, SHOWN)}>
            {(w) => (
              // Read inside the JSX, so the words follow a change of language.
              <li data-warning={w.code}>
                <span>{warningWords(w, nameOf, lookup).what}</span> <span>{warningWords(w, nameOf, lookup).todo}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={warnings().length > SHOWN}>
          <span>{tCount('sync.attention.more', warnings().length - SHOWN, { n: warnings().length - SHOWN })}</span>
        </Show>
        <button type="button" class="sync-dismiss" onClick={() => props.session.dismissWarnings()}>
          {t('sync.attention.dismiss')}
        </button>
      </Show>
    </div>
  );
}
