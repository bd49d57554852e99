import { cleanDisplayName } from './display-name.ts';

export interface PersonHere {
  clientId: number;
  name: string;
  color: string;
}

/** Dark enough for white caret labels on them (contrast ≥ 4.5:1), and told apart by hue. */
export const PRESENCE_COLORS = ['#005f73', '#9b2226', '#3a5a40', '#6a4c93', '#a23b00', '#1d3557', '#7a4a00', '#0f5c4a'] as const;

export function colorFor(clientId: number): string {
  return PRESENCE_COLORS[Math.abs(clientId) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * The other people in the plan right now, from the awareness states. States come from other
 * devices, so each field is checked: a state without a usable name is left out, and a colour that
 * is not a plain hex colour is replaced by ours.
 */
export function othersHere(states: ReadonlyMap<number, unknown>, ownClientId: number): PersonHere[] {
  const people: PersonHere[] = [];
  for (const [clientId, state] of states) {
    if (clientId === ownClientId || !state || typeof state !== 'object') continue;
    const user = (state as { user?: unknown }).user;
    if (!user || typeof user !== 'object') continue;
    const { name, color } = user as { name?: unknown; color?: unknown };
    const clean = typeof name === 'string' ? cleanDisplayName(name) : '';
    if (!clean) continue;
    people.push({ clientId, name: clean, color: typeof color === 'string' && HEX.test(color) ? color : colorFor(clientId) });
  }
  return people.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}
