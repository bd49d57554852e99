import { itemsOf, type PlanModel } from '@safeplan/schema/plan';
import type { Role } from '@safeplan/schema/protocol';

/**
 * Who the plan names as chair of the network meeting ("Voorzitter netwerkberaad" in the plan's
 * details), matched by name to the people in the plan, so the hand-over track says who "the
 * chair" is and whether that person takes part yet.
 */
export type ChairLink =
  | { kind: 'missing' }
  | { kind: 'member'; name: string; role: Role }
  | { kind: 'notMember'; name: string };

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

export function chairNameIn(model: PlanModel): string {
  return itemsOf(model, 'plan_details')[0]?.fields.networkChair.trim() ?? '';
}

export function chairLink(chairName: string, people: readonly { displayName: string; role: Role }[]): ChairLink {
  const name = chairName.trim();
  if (!name) return { kind: 'missing' };
  const wanted = fold(name);
  // The field may hold more than the name ("Oma Truus (buurvrouw)"): a member whose whole name starts it counts.
  const match = people.find((p) => {
    const n = fold(p.displayName);
    return n !== '' && (n === wanted || wanted.startsWith(`${n} `) || wanted.startsWith(`${n} (`));
  });
  return match ? { kind: 'member', name: match.displayName, role: match.role } : { kind: 'notMember', name };
}
