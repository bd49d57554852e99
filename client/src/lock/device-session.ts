import { createSignal } from 'solid-js';
import { closeCurrentSession, flushAndCloseCurrentSession } from '../app/sessions.ts';
import { navigate } from '../app/router.ts';
import { keepDisplayNameReadable } from '../app/display-name.ts';
import { exitUrl, onQuickExit } from '../app/quick-exit.ts';
import { t } from '../app/i18n/index.ts';
import type { KeyValueStore } from '../storage/kv.ts';
import { createIdbStore } from '../storage/idb-kv.ts';
import type { SealedStore } from '../storage/sealed-kv.ts';
import { browserRunVerifier, browserWebSocket, createPlanLibrary, inlineRunVerifier } from '../sync/index.ts';
import { installAutoLock } from './auto-lock.ts';
import { changeDeviceLock, checkLockChoice, readLockHeader, setDeviceLock, tryUnlock, type LockKind, type UnlockResult } from './device-lock.ts';
import { wipeDevice } from './wipe-device.ts';
import { errorLabel, inBackground } from '../app/in-background.ts';

/**
 * The device's state for the app: opening, open without a lock, locked, or unlocked. Locking drops
 * the plan library (its sessions close, and with them the relay connections; private keys are
 * overwritten) and the sealed store's keys; the screens unmount, so no plan text stays in the DOM.
 */
type Library = ReturnType<typeof createPlanLibrary>;

export type DeviceState =
  | { name: 'starting' }
  | { name: 'error'; error: unknown }
  | { name: 'open'; library: Library }
  | { name: 'locked'; kind: LockKind }
  | { name: 'unlocked'; library: Library }
  | { name: 'wiping'; failed: boolean };

export interface DeviceSettings {
  /** Minutes without activity before the device locks itself (only with a lock set). */
  autoLockMinutes: number;
  /** Shows "Safeplan" as the tab title; by default the tab says "Notities" / "Notes". */
  showName: boolean;
  /**
   * The code of the person's organisation, for a relay that creates plans only with one
   * (sync/creation-token.ts). Kept with the other settings: in the sealed store under a device lock.
   */
  creationToken: string | null;
}

const SETTINGS_KEY = 'device/settings';
export const DEFAULT_SETTINGS: DeviceSettings = { autoLockMinutes: 5, showName: false, creationToken: null };

const [state, setState] = createSignal<DeviceState>({ name: 'starting' });
const [settings, setSettingsSignal] = createSignal<DeviceSettings>(DEFAULT_SETTINGS);
/** The last lock could not save everything first: the lock screen says so until the next unlock. */
const [notAllSaved, setNotAllSaved] = createSignal(false);
export { settings, state as deviceState, notAllSaved };

// Opened on first use, not at import: modules that only ask whether a lock is set need no IndexedDB.
let innerStore: ReturnType<typeof createIdbStore> | null = null;
const idb = () => (innerStore ??= createIdbStore());
let sealed: SealedStore | null = null;
let library: Library | null = null;
let stopAutoLock: (() => void) | null = null;
let lockKind: LockKind = 'pin';

function relayUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

/** The store the app writes to now: sealed when a lock is set, the plain one otherwise. */
export function deviceStore(): KeyValueStore {
  return sealed ?? idb();
}

/** The name on the tab and in the top bar: neutral unless the person chose to show "Safeplan". */
export function appName(): string {
  const s = state();
  const named = (s.name === 'open' || s.name === 'unlocked') && settings().showName;
  return named ? t('app.name') : t('neutral.title');
}

export function applyTitle(): void {
  document.title = appName();
}

async function openWith(store: KeyValueStore, withLock: boolean): Promise<void> {
  const stored = await store.get<Partial<DeviceSettings>>(SETTINGS_KEY);
  setSettingsSignal({ ...DEFAULT_SETTINGS, ...stored });
  keepDisplayNameReadable(!withLock);
  library = createPlanLibrary({
    kv: store,
    relayUrl: relayUrl(),
    origin: location.origin,
    creationToken: () => settings().creationToken,
    // Delivered envelopes are authenticated in a Web Worker, off the thread that types.
    runVerifier: (s) => browserRunVerifier(inlineRunVerifier(s)),
    // The relay sockets live in a Web Worker too: sending and taking in frames costs the browser
    // a few hundred µs each on the thread that owns the socket.
    WebSocket: browserWebSocket(),
  });
  setState(withLock ? { name: 'unlocked', library } : { name: 'open', library });
  armAutoLock();
  applyTitle();
}

function armAutoLock(): void {
  stopAutoLock?.();
  stopAutoLock = null;
  if (state().name !== 'unlocked') return;
  stopAutoLock = installAutoLock(settings().autoLockMinutes * 60_000, inBackground('auto-lock', lockNow));
}

// The browser knows first when the network goes or comes back: tell the open plans at once, so a
// dead socket is dropped now and a returning network reconnects without waiting out the backoff.
let networkWatched = false;
function watchNetwork(): void {
  if (networkWatched || typeof window === 'undefined') return;
  networkWatched = true;
  window.addEventListener('online', () => library?.networkChanged(true));
  window.addEventListener('offline', () => library?.networkChanged(false));
}

export async function startDevice(): Promise<void> {
  watchNetwork();
  setState({ name: 'starting' });
  try {
    const header = await readLockHeader(idb());
    if (header) {
      lockKind = header.kind;
      setState({ name: 'locked', kind: header.kind });
      applyTitle();
    } else {
      await openWith(idb(), false);
    }
  } catch (error) {
    setState({ name: 'error', error });
  }
}

/** How long locking waits for the open plan to be saved and the library closed before the keys go. */
const LOCK_SAVE_BUDGET_MS = 3_000;

function withinLockBudget(work: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${LOCK_SAVE_BUDGET_MS} ms`)), LOCK_SAVE_BUDGET_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Locks at once: the screens go first (synchronously, so nothing lingers on screen), then the
 * open plan is flushed and closed, the library closed, and the keys overwritten. A step that fails
 * stops none of the others (the device locks all the same, and nothing stored is touched), and a
 * step that hangs is given up after LOCK_SAVE_BUDGET_MS so the keys never outlive the lock; what
 * failed goes to the console and the lock screen tells the person to check their last change.
 */
export async function lockNow(): Promise<void> {
  const current = state();
  if (current.name !== 'unlocked') return;
  stopAutoLock?.();
  stopAutoLock = null;
  setState({ name: 'locked', kind: lockKind });
  applyTitle();
  // The address of a locked tab names no plan; unlocking starts from the plan list.
  navigate({ name: 'home' });
  const lib = library;
  const store = sealed;
  library = null;
  sealed = null;
  const failures: Array<{ what: string; err: unknown }> = [];
  // A store that hangs (a stuck IndexedDB) must not keep the keys in memory: saving and closing
  // get a fixed time, then the keys go whatever is still running (it then fails, and is told).
  const inTime = (work: Promise<unknown> | undefined, what: string) =>
    work === undefined ? undefined : withinLockBudget(work).catch((err: unknown) => failures.push({ what, err }));
  await inTime(flushAndCloseCurrentSession(), 'save the open plan');
  await inTime(lib?.close(), 'close the plans');
  store?.forget();
  for (const f of failures) console.error(`lock: could not ${f.what}`, errorLabel(f.err));
  if (failures.length > 0) setNotAllSaved(true);
}

/** Until when the lock screen must wait before the next try (0: no wait); survives a reload. */
export async function lockWaitUntil(): Promise<number> {
  return (await readLockHeader(idb()))?.waitUntil ?? 0;
}

export async function unlock(secret: string): Promise<UnlockResult> {
  const result = await tryUnlock(idb(), secret);
  if (result.kind === 'ok') {
    setNotAllSaved(false);
    navigate({ name: 'home' });
    sealed = result.store;
    await openWith(result.store, true);
  } else if (result.kind === 'wipe') {
    await wipeAndLeave();
  }
  return result;
}

/** Sets the first lock: every plan is closed, every record sealed, and the app reopens on the sealed store. */
export async function setLock(kind: LockKind, secret: string, maxTries: number): Promise<void> {
  // A refused choice must reach the form: check before the screens are rebuilt.
  checkLockChoice(kind, secret, maxTries);
  stopAutoLock?.();
  await closeCurrentSession();
  await library?.close();
  library = null;
  try {
    sealed = await setDeviceLock(idb(), kind, secret, maxTries);
    lockKind = kind;
  } finally {
    // Whether it worked or not, the app goes on with what is on the device now.
    const header = await readLockHeader(idb()).catch(() => undefined);
    if (header && sealed) await openWith(sealed, true);
    else await openWith(idb(), false);
  }
}

export async function changeLock(kind: LockKind, secret: string, maxTries: number): Promise<void> {
  if (!sealed) throw new Error('not unlocked');
  await changeDeviceLock(idb(), sealed, kind, secret, maxTries);
  lockKind = kind;
}

export async function saveSettings(next: DeviceSettings): Promise<void> {
  await deviceStore().set(SETTINGS_KEY, next);
  setSettingsSignal(next);
  armAutoLock();
  applyTitle();
}

/**
 * Keeps (or, with null, forgets) the organisation's code on this device; open plans the relay
 * refused to create try again with it at once.
 */
export async function saveCreationToken(token: string | null): Promise<void> {
  await saveSettings({ ...settings(), creationToken: token });
  library?.creationTokenChanged();
}

export function lockIsSet(): boolean {
  return state().name === 'unlocked';
}

/** "Alles van dit apparaat wissen": every trace goes, then the neutral site replaces this page. */
export async function wipeAndLeave(): Promise<void> {
  const leaveTo = exitUrl();
  stopAutoLock?.();
  setState({ name: 'wiping', failed: false });
  document.title = '';
  await closeCurrentSession().catch(() => undefined);
  await library?.close().catch(() => undefined);
  sealed?.forget();
  library = null;
  sealed = null;
  try {
    await wipeDevice(() => idb().close());
  } catch (err) {
    console.error(err);
    setState({ name: 'wiping', failed: true });
    return;
  }
  location.replace(leaveTo);
}

// Quick exit locks first: whatever happens to the page next, the keys are dropped.
onQuickExit(inBackground('lock on quick exit', lockNow));
