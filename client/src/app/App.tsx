import { For, Match, Show, Switch, type JSX } from 'solid-js';
import { lazyPart } from './lazy-part.tsx';
import type { PlanLibrary } from '../sync/session.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { dismiss, notices } from './notices.ts';
import { navigate, route } from './router.ts';
import { HelpBar, QuickExitButton } from './SafetyBar.tsx';
import { HomeScreen } from './HomeScreen.tsx';
import { closeCurrentSession } from './sessions.ts';
import { LockNowButton } from '../lock/LockNowButton.tsx';
import { appName } from '../lock/device-session.ts';
import { reportFailure } from './in-background.ts';

// The plan screen carries the editor (Tiptap, ProseMirror); the home screen must stay light.
const PlanScreen = lazyPart(() => import('./PlanScreen.tsx'));
// Opened from a link only (an invite, a recovery code): their code and words load when used, so the
// plan list's first view stays small. The service worker precaches every chunk for offline use.
const JoinScreen = lazyPart(() => import('./JoinScreen.tsx').then((m) => ({ default: m.JoinScreen })));
const RecoverScreen = lazyPart(() => import('./recovery/RecoverScreen.tsx').then((m) => ({ default: m.RecoverScreen })));

export function App(props: { library: PlanLibrary }): JSX.Element {
  const goHome = (e: MouseEvent) => {
    e.preventDefault();
    void closeCurrentSession().catch(reportFailure('close plan'));
    navigate({ name: 'home' });
  };
  return (
    <div class="app-shell">
      <div class="sticky-top">
      <header class="top-bar">
        <a class="brand" href="#/" onClick={goHome}>
          {appName()}
        </a>
        <div class="top-actions">
          <LanguageSwitch />
          <LockNowButton />
          <QuickExitButton />
        </div>
      </header>
      <HelpBar />
      </div>
      <main id="main">
        <Switch>
          <Match when={route().name === 'home'}>
            <HomeScreen library={props.library} />
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'plan' ? r.planId : undefined; })()}>
            {(planId) => (
              <Show when={planId()} keyed>
                {(id) => <PlanScreen library={props.library} planId={id} onHome={goHome} />}
              </Show>
            )}
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'join' ? r.invite : undefined; })()}>
            {(invite) => (
              <Show when={invite()} keyed>
                {(link) => <JoinScreen library={props.library} invite={link} />}
              </Show>
            )}
          </Match>
          <Match when={(() => { const r = route(); return r.name === 'recover' ? r : undefined; })()}>
            {(r) => <RecoverScreen library={props.library} code={r().code} />}
          </Match>
        </Switch>
      </main>
      <div class="notices" aria-live="polite">
        <For each={notices()}>
          {(n) => (
            <div class={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
              <span>{n.text}</span>
              <Show when={n.action}>
                {(action) => (
                  <button
                    type="button"
                    onClick={() => {
                      action().run();
                      dismiss(n.id);
                    }}
                  >
                    <Icon name="undo" />
                    <span>{action().label}</span>
                  </button>
                )}
              </Show>
              <button type="button" class="notice-close" aria-label={t('help.close')} onClick={() => dismiss(n.id)}>
                ×
              </button>
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
