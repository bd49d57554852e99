/**
 * The IPC side of a relay child (see support/child-relay.ts): announce the port, answer memory
 * requests after a full GC, close on request.
 */
export function serveParent(
  port: number,
  close: () => Promise<void>,
  extra: Record<string, (message: Record<string, unknown>) => unknown> = {},
): void {
  const send = (m: unknown) => process.send?.(m);
  // A close that fails is said and ends the child with a failing code, so the parent sees it.
  const closeAndExit = () =>
    void close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('relay child: close failed', err);
        process.exit(1);
      },
    );
  process.on('message', (m: { type: string } & Record<string, unknown>) => {
    const handler = extra[m.type];
    if (handler) {
      try {
        send({ type: m.type, value: handler(m) });
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      }
    } else if (m.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
      send({ type: 'memory', memory: { rss, heapUsed, external, arrayBuffers } });
    } else if (m.type === 'stop') {
      closeAndExit();
    }
  });
  process.on('disconnect', closeAndExit);
  send({ type: 'ready', port });
}

export function failToParent(err: unknown): never {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
