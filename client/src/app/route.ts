export type Route = { name: 'home' } | { name: 'plan'; planId: string };

/** Reads `#/` and `#/plan/<id>`; anything else is the home screen. */
export function parseRoute(hash: string): Route {
  const m = /^#\/plan\/([A-Za-z0-9_-]+)$/.exec(hash);
  return m?.[1] ? { name: 'plan', planId: m[1] } : { name: 'home' };
}

export function routeHash(route: Route): string {
  return route.name === 'plan' ? `#/plan/${route.planId}` : '#/';
}
