/**
 * Removes every trace of the app from this browser profile: every IndexedDB database of this
 * origin, every cache, the service worker, local and session storage. The caller closes its own
 * database connections first (a delete waits for them). Then the page leaves for the neutral site,
 * replacing the history entry, so reloading does not make a fresh database or service worker again.
 */
export async function wipeDevice(closeConnections: () => Promise<void>): Promise<void> {
  await closeConnections().catch(() => undefined);
  const problems: unknown[] = [];
  const step = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      problems.push(err);
    }
  };
  await step(async () => {
    const dbs = await indexedDB.databases();
    await Promise.all(dbs.map((db) => (db.name ? deleteDatabase(db.name) : undefined)));
  });
  await step(async () => {
    if (!('caches' in globalThis)) return;
    for (const key of await caches.keys()) await caches.delete(key);
  });
  await step(async () => {
    if (!('serviceWorker' in navigator)) return;
    for (const reg of await navigator.serviceWorker.getRegistrations()) await reg.unregister();
  });
  await step(async () => {
    localStorage.clear();
    sessionStorage.clear();
  });
  if (problems.length > 0) throw new AggregateError(problems, 'wipe incomplete');
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
    // "blocked" means another tab still has it open: the delete then waits for that tab, and the
    // person is told if it never finishes (the timeout below).
    setTimeout(() => reject(new Error(`deleting ${name} is blocked by another tab`)), 10_000);
  });
}
