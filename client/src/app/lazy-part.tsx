import { createComponent, createResource, Match, Switch, type Component, type ComponentProps, type JSX } from 'solid-js';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';

/**
 * A part of the app that loads when first shown (its own file), like Solid's `lazy`, except that a
 * file that cannot be fetched does not stop the screen without a word. That happens on a first
 * visit that goes offline before the service worker kept the app: the part then says that it is
 * missing and how to get it (internet, then reload), and the rest of the screen keeps working. A
 * later showing tries the file again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Solid's own `lazy`: any component's props
export function lazyPart<T extends Component<any>>(load: () => Promise<{ default: T }>): T {
  let loading: Promise<T> | undefined;
  const loadOnce = () =>
    (loading ??= load().then(
      (m) => m.default,
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
  const Part = (props: ComponentProps<T>) => {
    const [part] = createResource(loadOnce);
    return (
      <Switch>
        <Match when={part.error as unknown}>
          <PartMissing error={part.error as unknown} />
        </Match>
        <Match when={part()}>{(loaded) => createComponent(loaded(), props)}</Match>
      </Switch>
    );
  };
  return Part as T;
}

function PartMissing(props: { error: unknown }): JSX.Element {
  // For whoever looks at the console: which file, in the browser's words. The person reads ours.
  console.warn('app part could not be loaded', props.error instanceof Error ? props.error.message : String(props.error));
  return (
    <div class="part-missing" role="alert">
      <p>
        <Icon name="warning" /> {t('app.partMissing')}
      </p>
      <button type="button" onClick={() => location.reload()}>
        <Icon name="sync" />
        <span>{t('sync.reload')}</span>
      </button>
    </div>
  );
}
