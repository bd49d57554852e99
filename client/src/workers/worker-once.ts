/** What starting and failing need of a Worker (a test can hand in a stand-in). */
export interface StartableWorker {
  addEventListener(type: 'error', listener: (e: Event) => void): void;
  terminate(): void;
}

export interface WorkerOnce<W> {
  /** The worker, started on first use; null once it failed (the caller's fallback takes over). */
  get(): W | null;
  /** The worker if it runs now, without starting it. */
  readonly running: W | null;
  /** Gives the worker up as failed: terminated, `failed` told once, `get` null from then on. */
  fail(why: string): void;
  /** Terminates a running worker without calling it failed: the next `get` starts a new one. */
  stop(): void;
}

/**
 * A page's Web Worker that is started when first needed and kept (the verify worker, the socket
 * worker, the store worker). `listen` adds its message listener as it starts. If it cannot start
 * or reports an error, it is terminated and `failed(why)` runs once, so the caller can fail what
 * waited for it and turn to its fallback on the page.
 */
export function workerOnce<W extends StartableWorker>(start: () => W, listen: (w: W) => void, failed: (why: string) => void): WorkerOnce<W> {
  let worker: W | null = null;
  let broken = false;
  const fail = (why: string) => {
    if (broken) return;
    broken = true;
    worker?.terminate();
    worker = null;
    failed(why);
  };
  return {
    get() {
      if (worker || broken) return worker;
      let w: W;
      try {
        w = start();
      } catch (err) {
        fail(String(err));
        return null;
      }
      worker = w;
      listen(w);
      // An error of a worker stopped and replaced since is not the new one's.
      w.addEventListener('error', (e: Event) => {
        if (worker === w) fail(e.type);
      });
      return w;
    },
    get running() {
      return worker;
    },
    fail,
    stop() {
      worker?.terminate();
      worker = null;
    },
  };
}
