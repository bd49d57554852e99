import type { Logger } from './log.ts';
import { touchLru } from './lru.ts';
import { monotonicNow } from './relay/token-bucket.ts';

/** Log lines one connection may cause in a window; the rest are counted, not written. */
export const LINES_PER_CONNECTION = 100;
export const LINE_WINDOW_MS = 10_000;
/** Connections whose count is remembered (lines may come after a close, from work still running). */
const MAX_CONNECTIONS = 50_000;

/**
 * The relay's logger with a budget per connection (`conn` field). Nearly every frame a client
 * sends is worth one log line (a refusal, a subscribe, an unsubscribe), and the rate limit lets a
 * connection send 50 a second: one address's 1,000 sockets could have the relay write 50,000 lines
 * a second, fill the disk, and make journald drop the lines that matter. Past the budget a
 * connection's lines are dropped; one `log.quiet` line says so, and its `conn.closed` line counts
 * them. Lines about no connection, and `conn.closed`, always pass.
 */
export function withLinesPerConnection(log: Logger, clock: () => number = monotonicNow): Logger {
  const seen = new Map<string, { since: number; lines: number; dropped: number }>();
  return (event, fields) => {
    const conn = fields?.conn;
    if (typeof conn !== 'string') return log(event, fields);
    const now = clock();
    const entry = seen.get(conn) ?? { since: now, lines: 0, dropped: 0 };
    if (event === 'conn.closed') {
      seen.delete(conn);
      return log(event, entry.dropped > 0 ? { ...fields, linesDropped: entry.dropped } : fields);
    }
    if (now - entry.since >= LINE_WINDOW_MS || now < entry.since) {
      entry.since = now;
      entry.lines = 0;
    }
    touchLru(seen, conn, entry, MAX_CONNECTIONS);
    if (entry.lines < LINES_PER_CONNECTION) {
      entry.lines++;
      return log(event, fields);
    }
    if (entry.lines === LINES_PER_CONNECTION) {
      entry.lines++;
      log('log.quiet', { conn, lines: LINES_PER_CONNECTION, windowMs: LINE_WINDOW_MS });
    }
    entry.dropped++;
  };
}
