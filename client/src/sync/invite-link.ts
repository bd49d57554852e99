/**
 * Invite links look like `<origin>/#/join/<planId>#invite=<secret>`: everything after the first
 * `#` is the URL fragment, which browsers never send to a server, so the one-time secret reaches
 * neither the web server nor the relay.
 */
export interface InviteLink {
  planId: string;
  secret: Uint8Array;
  /** `invite` makes a new member; `device` is this person's next device (`#device=`, device-link.ts). */
  kind: 'invite' | 'device';
}

export class InviteLinkError extends Error {
  constructor(readonly code: 'not-an-invite' | 'bad-secret') {
    super(code);
  }
}

export function formatInviteLink(origin: string, planId: string, secret: Uint8Array, kind: InviteLink['kind'] = 'invite'): string {
  return `${origin.replace(/\/+$/, '')}/#/join/${planId}#${kind}=${toBase64Url(secret)}`;
}

export function parseInviteLink(url: string): InviteLink {
  const match = /#\/join\/([A-Za-z0-9_-]+)#(invite|device)=([A-Za-z0-9_-]+)$/.exec(url.trim());
  if (!match) throw new InviteLinkError('not-an-invite');
  const secret = fromBase64Url(match[3]!);
  if (secret.length !== 32) throw new InviteLinkError('bad-secret');
  return { planId: match[1]!, secret, kind: match[2] as InviteLink['kind'] };
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
