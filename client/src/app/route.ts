/**
 * `invite` is the whole hash of an invite link (`#/join/<planId>#invite=<secret>`): the engine's
 * parser reads it as it is, so a link that is cut short still reaches the join screen and gets a
 * clear error there instead of a silent trip to the home screen.
 */
export type Route = { name: 'home' } | { name: 'plan'; planId: string } | { name: 'join'; invite: string } | { name: 'recover'; code: string };

/** Reads `#/`, `#/plan/<id>` and `#/join/…`; anything else is the home screen. */
export function parseRoute(hash: string): Route {
  if (hash.startsWith('#/join/') || hash === '#/join') return { name: 'join', invite: hash };
  // A recovery kit's QR code: `#/recover/<code>`; the screen then drops the code from the address.
  const recover = /^#\/recover(?:\/([0-9A-Za-z-]*))?$/.exec(hash);
  if (recover) return { name: 'recover', code: recover[1] ?? '' };
  const m = /^#\/plan\/([A-Za-z0-9_-]+)$/.exec(hash);
  return m?.[1] ? { name: 'plan', planId: m[1] } : { name: 'home' };
}

export function routeHash(route: Route): string {
  if (route.name === 'join') return route.invite;
  if (route.name === 'recover') return '#/recover';
  return route.name === 'plan' ? `#/plan/${route.planId}` : '#/';
}
