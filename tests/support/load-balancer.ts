import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface Backend {
  /** http://localhost:<port> of a relay: its /readyz is checked, its port gets the traffic. */
  url: string;
}

export interface LoadBalancerOptions {
  /**
   * Where a new connection goes: the first ready backend in the list (a primary and a standby),
   * or the ready backends in turn (two relays sharing the load). Default first-ready.
   */
  pick?: 'first-ready' | 'round-robin';
  /** How often each backend's /readyz is asked. */
  intervalMs?: number;
}

export interface LoadBalancer {
  /** ws://127.0.0.1:<port>/ : where clients connect. */
  wsUrl: string;
  /** The backends, in order of preference. */
  setBackends(backends: Backend[]): void;
  /** Every /readyz status seen per backend url (0: no answer), in order. */
  seen(url: string): number[];
  /** Connections handed to each backend port so far. */
  readonly handedTo: Map<number, number>;
  close(): Promise<void>;
}

/**
 * A TCP load balancer like the one docs/deploy.md puts in front of two relays: it checks each
 * backend's `/readyz` every `intervalMs` and sends each new connection to a backend that answered
 * 200. A backend that refuses the connection (it died since its last check) is skipped for the
 * next one, as a real balancer retries. Open connections stay where they are: a relay that drains
 * closes them itself, and a client's connection is dropped when its relay's drops. Bytes pass
 * untouched (WebSocket upgrade and frames alike).
 */
export async function startLoadBalancer(backends: Backend[], options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  const intervalMs = options.intervalMs ?? 20;
  let list = backends;
  const ready = new Map<string, boolean>();
  const seen = new Map<string, number[]>();
  const handedTo = new Map<number, number>(backends.map((b) => [portOf(b), 0]));
  const open = new Set<Socket>();
  let closed = false;
  let turn = 0;

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

  /** The ready backends in the order this connection should try them. */
  const candidates = (): Backend[] => {
    const up = list.filter((b) => ready.get(b.url));
    if (options.pick !== 'round-robin' || up.length === 0) return up;
    const start = turn++ % up.length;
    return [...up.slice(start), ...up.slice(0, start)];
  };

  const pipeTo = (client: Socket, tries: Backend[]) => {
    const target = tries[0];
    if (!target) return void client.destroy();
    const port = portOf(target);
    const upstream = connect(port, '127.0.0.1');
    open.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      handedTo.set(port, (handedTo.get(port) ?? 0) + 1);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) pipeTo(client, tries.slice(1));
    });
    upstream.on('close', () => {
      open.delete(upstream);
      // end, not destroy: what the relay wrote last (its close frame) still reaches the client.
      if (connected) client.end();
    });
    client.on('close', () => upstream.destroy());
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    // A client that goes away mid-write is not the balancer's problem; its upstream closes with it.
    client.on('error', () => client.destroy());
    client.on('close', () => open.delete(client));
    pipeTo(client, candidates());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/`,
    setBackends(next) {
      list = next;
    },
    seen: (url) => [...(seen.get(url) ?? [])],
    handedTo,
    async close() {
      closed = true;
      await looping;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function portOf(b: Backend): number {
  return Number(new URL(b.url).port);
}
