/** Codes that travel in the relay's `error` frame (docs/protocol.md, "Error codes"). */
export const WIRE_ERROR_CODES = {
  malformed: 1,
  'too-large': 2,
  'not-authenticated': 3,
  'bad-signature': 4,
  'unknown-plan': 5,
  'not-a-member': 6,
  'not-allowed': 7,
  'wrong-author': 8,
  replayed: 9,
  'clock-gap': 10,
  'stale-epoch': 11,
  'stale-head': 12,
  'invalid-event': 13,
  'rate-limited': 14,
  internal: 15,
  /** The plan holds as many bytes as the relay allows; a new version (snapshot) makes room. */
  'plan-full': 16,
  /** This device or address created as many plans today as the relay allows. */
  'quota-exceeded': 17,
  /** The relay creates plans only for a connection that shows a creation token. */
  'token-required': 18,
} as const;

export type WireErrorCode = keyof typeof WIRE_ERROR_CODES;

/** Raised only by clients, never sent: the relay cannot detect these without keys. */
export type ClientOnlyErrorCode = 'tampered' | 'cross-plan' | 'no-epoch-key' | 'key-split';

export type ProtocolErrorCode = WireErrorCode | ClientOnlyErrorCode;

const BY_NUMBER = new Map<number, WireErrorCode>(
  Object.entries(WIRE_ERROR_CODES).map(([name, n]) => [n, name as WireErrorCode]),
);

export function wireErrorCodeFromNumber(n: number): WireErrorCode | undefined {
  return BY_NUMBER.get(n);
}

/** The one error type of the protocol layer; `detail` never holds plan content or names. */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  readonly detail: string;
  constructor(code: ProtocolErrorCode, detail = '', options?: ErrorOptions) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'ProtocolError';
    this.code = code;
    this.detail = detail;
  }
}

export function isProtocolError(e: unknown, code?: ProtocolErrorCode): e is ProtocolError {
  return e instanceof ProtocolError && (code === undefined || e.code === code);
}
