/**
 * Invite links look like `<origin>/#/join/<planId>#invite=<secret>`: everything after the first
 * `#` is the URL fragment, which browsers never send to a server, so the one-time secret reaches
 * neither the web server nor the relay.
 */
export interface InviteLink {
  planId: string;
  secret: Uint8Array;
}

export class InviteLinkError extends Error {
  constructor(readonly code: 'not-an-invite' | 'bad-secret') {
    super(code);
  }
}

export function formatInviteLink(origin: string, planId: string, secret: Uint8Array): string {
  return `${origin.replace(/\/+$/, '')}/#/join/${planId}#invite=${toBase64Url(secret)}`;
}

export function parseInviteLink(url: string): InviteLink {
  const match = /#\/join\/([A-Za-z0-9_-]+)#invite=([A-Za-z0-9_-]+)$/.exec(url.trim());
  if (!match) throw new InviteLinkError('not-an-invite');
  const secret = fromBase64Url(match[2]!);
  if (secret.length !== 32) throw new InviteLinkError('bad-secret');
  return { planId: match[1]!, secret };
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
