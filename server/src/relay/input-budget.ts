import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { limitHit } from './limit-hit.ts';

/**
 * Bytes the relay has read from its sockets and not yet answered, all connections together: a
 * frame from when it is read until it is handled, a published envelope until its ack or refusal
 * (after the commit). Each connection's burst is bounded by its rate limiter, but many connections
 * bursting large envelopes at once still add up; past the budget, the connections holding more
 * than a sixteenth of it stop being read (TCP pushes back on their senders, nothing is refused or
 * lost), and all are read again once the total is down to half. A device sending small updates
 * never holds that much, so it is never held back.
 */
export interface InputBudget {
  take(conn: Connection, bytes: number): void;
  give(conn: Connection, bytes: number): void;
  /** The total now (a metric). */
  readonly bytes: number;
}

export function createInputBudget(limitBytes: number, ctx: Pick<RelayContext, 'log' | 'metrics'>): InputBudget {
  let total = 0;
  const held = new Map<Connection, number>();
  const heldBack = new Set<Connection>();
  const heavy = limitBytes / 16;
  return {
    take(conn, bytes) {
      total += bytes;
      const mine = (held.get(conn) ?? 0) + bytes;
      held.set(conn, mine);
      if (total > limitBytes && mine > heavy && !heldBack.has(conn)) {
        heldBack.add(conn);
        conn.pauseReading('input-budget');
        limitHit(ctx, 'relay-input-full', { conn: conn.id, heldBytes: mine, totalBytes: total, limit: limitBytes });
      }
    },
    give(conn, bytes) {
      total -= bytes;
      const mine = (held.get(conn) ?? 0) - bytes;
      if (mine <= 0) held.delete(conn);
      else held.set(conn, mine);
      if (total > limitBytes / 2 || heldBack.size === 0) return;
      for (const c of heldBack) c.resumeReading('input-budget');
      heldBack.clear();
    },
    get bytes() {
      return total;
    },
  };
}
