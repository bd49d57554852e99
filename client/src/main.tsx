import { Match, Show, Switch, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import './app/styles.css';
import { App } from './app/App.tsx';
import { lang, t } from './app/i18n/index.ts';
import { LanguageSwitch } from './app/LanguageSwitch.tsx';
import { HelpBar, QuickExitButton } from './app/SafetyBar.tsx';
import { StorageErrorScreen } from './app/StorageErrorScreen.tsx';
import { registerServiceWorker } from './app/offline/register-service-worker.ts';
import { UpdateBanner } from './app/offline/UpdateBanner.tsx';
import { deviceState, startDevice, type DeviceState } from './lock/device-session.ts';
import { LockScreen } from './lock/LockScreen.tsx';
import { inBackground, reportFailure } from './app/in-background.ts';

/** The top bar of the screens outside the app proper (locked, wiping, storage error): quick exit stays. */
function Shell(props: { children: JSX.Element }): JSX.Element {
  return (
    <div class="app-shell">
      <div class="sticky-top">
        <header class="top-bar">
          <span class="brand">{t('neutral.title')}</span>
          <div class="top-actions">
            <LanguageSwitch />
            <QuickExitButton />
          </div>
        </header>
        <HelpBar />
      </div>
      <main id="main">{props.children}</main>
    </div>
  );
}

const when = <N extends DeviceState['name']>(name: N) => {
  const s = deviceState();
  return s.name === name ? (s as Extract<DeviceState, { name: N }>) : undefined;
};

/**
 * Opening the device store can fail (blocked, corrupt): then the error screen, with quick exit
 * still there. With a device lock set, nothing but the lock screen is shown until it is opened.
 */
function Root() {
  return (
    <Switch fallback={<p class="screen">{t('app.loading')}</p>}>
      <Match when={when('error')}>
        {(s) => (
          <Shell>
            <StorageErrorScreen error={s().error} onRetry={inBackground('open device', startDevice)} />
          </Shell>
        )}
      </Match>
      <Match when={when('locked')}>
        {(s) => (
          <Shell>
            <LockScreen kind={s().kind} />
          </Shell>
        )}
      </Match>
      <Match when={when('wiping')}>
        {(s) => (
          <Shell>
            <Show when={s().failed} fallback={<p class="screen">{t('app.loading')}</p>}>
              <p role="alert" class="screen error-text">{t('device.wipeFailed')}</p>
            </Show>
          </Shell>
        )}
      </Match>
      <Match when={when('open')?.library ?? when('unlocked')?.library}>
        {(library) => (
          <Show when={library()} keyed>
            {(lib) => <App library={lib} />}
          </Show>
        )}
      </Match>
    </Switch>
  );
}

document.documentElement.lang = lang();
document.title = t('neutral.title');
const root = document.getElementById('root');
if (root)
  render(
    () => (
      <>
        <Root />
        <UpdateBanner />
      </>
    ),
    root,
  );
void startDevice().catch(reportFailure('open device'));
registerServiceWorker();
