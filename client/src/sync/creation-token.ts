/**
 * The creation token: a code a region's organisation hands its professionals, which a relay can
 * require before it creates a plan (docs/protocol.md, "Limits and quotas"). The relay reads it
 * from the WebSocket URL when a socket opens, so the app sends it there, and only while the plan
 * it connects for is not on the relay yet: a plan that exists needs no token.
 */

/** The code as typed, without the spaces around it; null for nothing (no code kept). */
export function cleanCreationToken(raw: string): string | null {
  const token = raw.trim();
  return token === '' ? null : token;
}

/** `url` with `?creation-token=…` when there is a token; unchanged otherwise. */
export function withCreationToken(url: string, token: string | null | undefined): string {
  if (!token) return url;
  const out = new URL(url);
  out.searchParams.set('creation-token', token);
  return out.toString();
}
