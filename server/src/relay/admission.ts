import type { IncomingMessage } from 'node:http';
import { addressKey } from '../http/address-key.ts';
import type { RelayLimits } from './context.ts';

/** Why an upgrade is refused, as an HTTP status and the refusal code for logs and metrics. */
export interface Refusal {
  status: number;
  code: 'origin-not-allowed' | 'too-many-connections' | 'too-many-from-address' | 'too-many-unauthenticated';
}

/**
 * Who may open a WebSocket, decided at the upgrade, before the relay spends a socket's memory:
 * a browser page from an allowed origin, within the total and per-address bounds. Counts live
 * here; the relay calls `opened`, `authenticated` and `closed` as a connection moves on.
 */
export interface Admission {
  check(req: IncomingMessage, open: number): Refusal | null;
  opened(address: string): void;
  authenticated(address: string): void;
  closed(address: string, wasAuthenticated: boolean): void;
  readonly unauthenticated: number;
}

export function createAdmission(limits: RelayLimits): Admission {
  const pendingByAddress = new Map<string, number>();
  // Every open socket, logged in or not: logging in needs only a fresh key, so without this one
  // address could hold every slot of maxConnections (and each its output buffer and rate burst).
  const openByAddress = new Map<string, number>();
  let unauthenticated = 0;
  const less = (counts: Map<string, number>, address: string) => {
    const n = (counts.get(address) ?? 1) - 1;
    if (n <= 0) counts.delete(address);
    else counts.set(address, n);
  };
  const drop = (address: string) => {
    less(pendingByAddress, address);
    unauthenticated--;
  };
  return {
    check(req, open) {
      if (!originAllowed(req.headers.origin, req.headers.host, limits.allowedOrigins)) return { status: 403, code: 'origin-not-allowed' };
      if (open >= limits.maxConnections) return { status: 503, code: 'too-many-connections' };
      const address = addressOf(req);
      if ((openByAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) return { status: 429, code: 'too-many-from-address' };
      if ((pendingByAddress.get(address) ?? 0) >= limits.maxUnauthenticatedPerAddress) return { status: 429, code: 'too-many-unauthenticated' };
      return null;
    },
    opened(address) {
      pendingByAddress.set(address, (pendingByAddress.get(address) ?? 0) + 1);
      openByAddress.set(address, (openByAddress.get(address) ?? 0) + 1);
      unauthenticated++;
    },
    authenticated: drop,
    closed(address, wasAuthenticated) {
      less(openByAddress, address);
      if (!wasAuthenticated) drop(address);
    },
    get unauthenticated() {
      return unauthenticated;
    },
  };
}

/** What the per-address bounds count by: the IPv4 address, or the IPv6 /64 (address-key.ts). */
export function addressOf(req: IncomingMessage): string {
  return addressKey(req.socket.remoteAddress);
}

/**
 * No Origin header: not a browser (the relay tests, a command-line client, a native app). Origin
 * only protects browsers against other sites using the visitor's network position; a non-browser
 * can send any Origin it likes, so refusing it would block nothing.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  if (allowed.length > 0 && !allowed.includes('self')) return false;
  // The app's own origin: the page was served by this relay, so its host is the Host header.
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
