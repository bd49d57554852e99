/** Resolves when `ready()` holds, re-checked on every change signal; rejects after `timeoutMs`. */
export function waitFor(ready: () => boolean, subscribe: (l: () => void) => () => void, timeoutMs: number): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timeout'));
    }, timeoutMs);
    const off = subscribe(() => {
      if (!ready()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
