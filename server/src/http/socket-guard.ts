import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { touchLru } from '../lru.ts';
import { createTokenBucket, monotonicNow, type TokenBucket } from '../relay/token-bucket.ts';
import { addressKey } from './address-key.ts';

/** An answer for a refused socket: the client learns why, then the socket closes. */
const answer = (status: string, body: string) =>
  `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const TOO_MANY = answer('429 Too Many Requests', 'too many sockets from your address');
const FULL = answer('503 Service Unavailable', 'the relay has as many sockets open as it takes');
const TOO_FAST = answer('429 Too Many Requests', 'too many new sockets from your address; wait a moment');
/** Addresses whose rate of new sockets is remembered; the least recently seen are forgotten. */
const MAX_ADDRESSES = 100_000;
/** A refusal of each kind writes at most one log line this often (with how many it stands for). */
const LOG_EVERY_MS = 1000;

export type SocketRefusal = 'too-many-sockets-from-address' | 'too-many-sockets' | 'new-sockets-too-fast';
/** How long a refused socket may take to read its answer before it is cut. */
const REFUSED_LINGER_MS = 1000;

export interface SocketGuardOptions {
  /** Open TCP sockets per address, before and after a WebSocket upgrade (it keeps its socket), plain HTTP too. */
  maxPerAddress: number;
  /**
   * Open TCP sockets in all, whoever holds them: the relay keeps file descriptors for its own use
   * (its store, the app's files) when many addresses each hold their share.
   */
  maxTotal: number;
  /**
   * New sockets per address and second, after a burst of `maxPerAddress` (a whole household or
   * office reconnecting at once). Opening and closing sockets as fast as it can, one client made
   * 15,000 connections and 30,000 log lines in 5 s, each a handshake the relay paid for.
   */
  newPerAddressPerSecond: number;
  /** Time a socket has to send its whole request head (the upgrade request too). */
  headersTimeoutMs: number;
  /** Every refused socket (for /metrics). */
  countRefusal: (code: SocketRefusal) => void;
  /**
   * A refusal for the log (limit.hit), at most once a second per code: the counts of the socket
   * that was refused and how many refusals of that code the line stands for. Never the address.
   */
  logRefusal: (code: SocketRefusal, counts: { byAddress: number; total: number; refused: number }) => void;
}

/**
 * Bounds what a client holds before the relay's WebSocket checks ever run. Those (admission.ts,
 * the login deadline) start at the upgrade; a socket that never finishes its request head was
 * counted nowhere, and Node held it up to 60 s for its headers plus up to 30 s until its next
 * check. One address sending a header byte now and then held 2,000 sockets for 95 s, and enough
 * of them exhaust the process's file descriptors for everyone. So every TCP socket counts against
 * its address from the moment it is accepted, and its request head must arrive within the login
 * deadline.
 */
export function guardSockets(server: Server, options: SocketGuardOptions): void {
  const open = new Map<string, number>();
  const rates = new Map<string, TokenBucket>();
  let total = 0;
  const unlogged = new Map<SocketRefusal, { refused: number; lastLine: number }>();
  const refused = (socket: Socket, code: SocketRefusal, byAddress: number) => {
    options.countRefusal(code);
    const now = monotonicNow();
    const tally = unlogged.get(code) ?? { refused: 0, lastLine: -Infinity };
    tally.refused++;
    if (now - tally.lastLine >= LOG_EVERY_MS) {
      options.logRefusal(code, { byAddress, total, refused: tally.refused });
      tally.refused = 0;
      tally.lastLine = now;
    }
    unlogged.set(code, tally);
    refuse(socket, code === 'too-many-sockets' ? FULL : code === 'new-sockets-too-fast' ? TOO_FAST : TOO_MANY);
  };
  if (options.headersTimeoutMs > 0) server.headersTimeout = options.headersTimeoutMs;
  // The HTTP server's own listener (it attaches the parser) runs only for a socket let in: a
  // refused one is answered here and never parsed, so nothing else writes to it.
  const parse = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = addressKey(socket.remoteAddress);
    const count = open.get(address) ?? 0;
    if (count >= options.maxPerAddress) return refused(socket, 'too-many-sockets-from-address', count);
    if (total >= options.maxTotal) return refused(socket, 'too-many-sockets', count);
    const rate = rates.get(address) ?? createTokenBucket(options.maxPerAddress, options.newPerAddressPerSecond);
    touchLru(rates, address, rate, MAX_ADDRESSES);
    if (!rate.take()) return refused(socket, 'new-sockets-too-fast', count);
    open.set(address, count + 1);
    total++;
    socket.once('close', () => {
      total--;
      const n = (open.get(address) ?? 1) - 1;
      if (n <= 0) open.delete(address);
      else open.set(address, n);
    });
    for (const listener of parse) listener.call(server, socket);
  });
}

function refuse(socket: Socket, response: string): void {
  socket.on('error', () => {});
  socket.end(response);
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
