import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface Backend {
  /** http://localhost:<port> of a relay: its /readyz is checked, its port gets the traffic. */
  url: string;
}

export interface LoadBalancer {
  /** ws://127.0.0.1:<port>/ : where clients connect. */
  wsUrl: string;
  /** The backends, in order of preference: a new connection goes to the first ready one. */
  setBackends(backends: Backend[]): void;
  /** Every /readyz status seen per backend url (0: no answer), in order. */
  seen(url: string): number[];
  close(): Promise<void>;
}

/**
 * A TCP load balancer like the one docs/deploy.md puts in front of two relays: it checks each
 * backend's `/readyz` every `intervalMs` and sends each new connection to the first backend that
 * answered 200. Open connections stay where they are (a relay that drains closes them itself).
 */
export async function startLoadBalancer(backends: Backend[], intervalMs = 20): Promise<LoadBalancer> {
  let list = backends;
  const ready = new Map<string, boolean>();
  const seen = new Map<string, number[]>();
  const open = new Set<Socket>();
  let closed = false;

  const check = async (b: Backend) => {
    // 0: no answer (the process is gone or hangs), which counts as not ready.
    const status = await fetch(`${b.url}/readyz`, { signal: AbortSignal.timeout(500) }).then(
      (res) => res.status,
      () => 0,
    );
    ready.set(b.url, status === 200);
    seen.set(b.url, [...(seen.get(b.url) ?? []), status]);
  };
  const loop = async () => {
    while (!closed) {
      await Promise.all(list.map(check));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };
  await Promise.all(list.map(check));
  const looping = loop();

  const server = createServer((client) => {
    const target = list.find((b) => ready.get(b.url));
    if (!target) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(new URL(target.url).port), '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/`,
    setBackends(next) {
      list = next;
    },
    seen: (url) => [...(seen.get(url) ?? [])],
    async close() {
      closed = true;
      await looping;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
