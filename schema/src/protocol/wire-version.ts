/**
 * The version of the conversation between app and relay (frames, their order, close codes), sent
 * in `hello` (docs/protocol.md, "Protocol version"). Not the envelope format: that is
 * PROTOCOL_VERSION in envelope-header.ts and travels inside every signed envelope.
 *
 * 1: the hello without a version field (apps before the field existed).
 * 2: the hello carries its version; the relay may answer `update-required`, and closes sockets it
 *    drains with RECONNECT_CLOSE_CODE.
 */
export const WIRE_VERSION = 2;

/** What a hello without the version field is read as. */
export const WIRE_VERSION_WITHOUT_FIELD = 1;

/** The versions one side speaks, both ends included. */
export interface WireVersionRange {
  min: number;
  max: number;
}

/**
 * What this relay accepts: version 1 speaks every frame of version 2 (it just cannot be told to
 * update), so an app cached before the field existed keeps working.
 */
export const RELAY_WIRE_VERSIONS: WireVersionRange = { min: 1, max: WIRE_VERSION };

/** WebSocket close code: the relay is going away (restart, deploy); connect again at once, to any relay. */
export const RECONNECT_CLOSE_CODE = 4503;

/** WebSocket close code after `update-required`: the versions do not meet; retrying does not help. */
export const UPDATE_REQUIRED_CLOSE_CODE = 4426;

/** Which side must change when a relay refuses a version (or cannot read the hello at all). */
export function outdatedSide(clientVersion: number, relay: WireVersionRange): 'app' | 'relay' | null {
  if (clientVersion < relay.min) return 'app';
  if (clientVersion > relay.max) return 'relay';
  return null;
}
