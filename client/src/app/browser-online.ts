import { createSignal, onCleanup, type Accessor } from 'solid-js';

/**
 * Whether the browser says it has a network. Losing it is shown at once, without waiting for the
 * relay connection's heartbeat to give up (that takes up to half a minute). Coming back is left
 * to the sync engine: it says "shared" only once the relay has confirmed.
 */
export function browserOnline(): Accessor<boolean> {
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
  const up = () => setOnline(true);
  const down = () => setOnline(false);
  window.addEventListener('online', up);
  window.addEventListener('offline', down);
  onCleanup(() => {
    window.removeEventListener('online', up);
    window.removeEventListener('offline', down);
  });
  return online;
}

/**
 * Whether the device has a network right now (false where there is no browser). When the relay
 * did not answer although it has, the relay is what is down, not the person's internet.
 */
export function browserHasNetwork(): boolean {
  return typeof navigator === 'undefined' ? false : navigator.onLine;
}

/** The state to show: a shared plan the browser knows is offline is offline, whatever the socket still thinks. */
export function withBrowserOnline<S extends { kind: string; waiting?: number }>(s: S, online: boolean): S | { kind: 'offline'; waiting: number } {
  if (online || (s.kind !== 'synced' && s.kind !== 'syncing')) return s;
  return { kind: 'offline', waiting: s.waiting ?? 0 };
}
