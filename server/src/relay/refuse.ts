import { isProtocolError, WIRE_ERROR_CODES, type WireErrorCode } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';

/**
 * Answers a failed frame with an `error` frame: the protocol's own code where there is one,
 * `internal` for anything else. The log line holds the frame type, the code and the size only.
 */
export function refuse(
  ctx: RelayContext,
  conn: Connection,
  err: unknown,
  frame: { type?: string; ref?: Uint8Array; bytes?: number },
): void {
  if (isProtocolError(err) && err.code in WIRE_ERROR_CODES) {
    const code = err.code as WireErrorCode;
    ctx.metrics.count('refusals_total', 1, code);
    ctx.log('frame.refused', { conn: conn.id, frame: frame.type, code, bytes: frame.bytes });
    conn.sendError(code, err.detail, frame.ref);
    return;
  }
  ctx.metrics.count('refusals_total', 1, 'internal');
  ctx.log('frame.failed', { conn: conn.id, frame: frame.type, error: err instanceof Error ? err.name : typeof err });
  conn.sendError('internal', 'the relay failed; retry later', frame.ref);
}
