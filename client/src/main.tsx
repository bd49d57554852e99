import { createResource, Match, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import './app/styles.css';
import { App } from './app/App.tsx';
import { lang, t } from './app/i18n/index.ts';
import { HelpBar, QuickExitButton } from './app/SafetyBar.tsx';
import { StorageErrorScreen } from './app/StorageErrorScreen.tsx';
import { registerServiceWorker } from './app/offline/register-service-worker.ts';
import { createIdbStore } from './storage/idb-kv.ts';
import { createPlanLibrary } from './sync/index.ts';

function relayUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

/** Opening the device store can fail (blocked, corrupt): then the error screen, with quick exit still there. */
function Root() {
  const [library, { refetch }] = createResource(async () =>
    createPlanLibrary({ kv: createIdbStore(), relayUrl: relayUrl(), origin: location.origin }),
  );
  return (
    <Switch fallback={<p class="screen">{t('app.loading')}</p>}>
      <Match when={library.error as unknown}>
        <div class="app-shell">
          <div class="sticky-top">
            <header class="top-bar">
              <span class="brand">{t('app.name')}</span>
              <QuickExitButton />
            </header>
            <HelpBar />
          </div>
          <StorageErrorScreen error={library.error} onRetry={() => void refetch()} />
        </div>
      </Match>
      <Match when={library()}>{(lib) => <App library={lib()} />}</Match>
    </Switch>
  );
}

document.documentElement.lang = lang();
const root = document.getElementById('root');
if (root) render(() => <Root />, root);
registerServiceWorker();
