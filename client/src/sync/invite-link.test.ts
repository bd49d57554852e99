import { describe, expect, it } from 'vitest';
import { formatInviteLink, InviteLinkError, parseInviteLink } from './invite-link.ts';

describe('invite links', () => {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 255);

  it('carry plan id and secret only in the fragment, and read back the same', () => {
    const url = formatInviteLink('https://plan.example.nl/', 'AbC-_9', secret);
    expect(url.startsWith('https://plan.example.nl/#/join/AbC-_9#invite=')).toBe(true);
    expect(new URL(url).pathname).toBe('/');
    expect(parseInviteLink(url)).toEqual({ planId: 'AbC-_9', secret, kind: 'invite' });
  });

  it('refuse links that are not invites or have a short secret', () => {
    expect(() => parseInviteLink('https://x.nl/#/plan/abc')).toThrow(InviteLinkError);
    expect(() => parseInviteLink('https://x.nl/#/join/abc#invite=AAAA')).toThrow('bad-secret');
  });
});
