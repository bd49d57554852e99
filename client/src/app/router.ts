import { createSignal } from 'solid-js';
import { parseRoute, routeHash, type Route } from './route.ts';

const [route, setRoute] = createSignal<Route>(parseRoute(location.hash));

export { route };

/**
 * Moves between screens by REPLACING the history entry: the app only ever occupies one entry, so
 * after a quick exit the back button has no way back into it.
 */
export function navigate(next: Route): void {
  history.replaceState(null, '', routeHash(next));
  setRoute(next);
}

window.addEventListener('hashchange', () => setRoute(parseRoute(location.hash)));
