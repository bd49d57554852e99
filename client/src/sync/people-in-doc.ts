import type * as Y from 'yjs';

/**
 * Names, relations and phone numbers of members live only in the encrypted contributions document
 * (which every role but reader may write, so a contributor can give their own name), never in the
 * member log (which the relay reads). One entry per person id, replaced as a whole, so two
 * devices editing the same person's details settle on one version instead of a mix.
 */
export const PEOPLE_MAP = 'people';

export interface PersonDetails {
  displayName: string;
  relation: string;
  phone: string;
  /** When these details were written (the writer's clock). */
  at: number;
}

/** Enough for any real name or phone number; anything longer is refused, not cut. */
export const MAX_DETAIL_CHARS = 200;

export class DetailsError extends Error {
  constructor(readonly field: keyof Omit<PersonDetails, 'at'>) {
    super(`${field} is longer than ${MAX_DETAIL_CHARS} characters`);
  }
}

export function peopleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PEOPLE_MAP);
}

/** The entry for a person, if one is there and well formed; a malformed one counts as absent. */
export function readDetails(doc: Y.Doc, personId: string): PersonDetails | undefined {
  const v = peopleMap(doc).get(personId) as Partial<PersonDetails> | undefined;
  if (!v || typeof v !== 'object') return undefined;
  const { displayName, relation, phone, at } = v;
  if (typeof displayName !== 'string' || typeof relation !== 'string' || typeof phone !== 'string') return undefined;
  return { displayName, relation, phone, at: typeof at === 'number' ? at : 0 };
}

/** Merges `changes` into the person's entry and writes it in one transaction. */
export function writeDetails(
  doc: Y.Doc,
  personId: string,
  changes: Partial<Omit<PersonDetails, 'at'>>,
  at: number,
): PersonDetails {
  for (const field of ['displayName', 'relation', 'phone'] as const) {
    const value = changes[field];
    if (value !== undefined && value.length > MAX_DETAIL_CHARS) throw new DetailsError(field);
  }
  const before = readDetails(doc, personId) ?? { displayName: '', relation: '', phone: '', at: 0 };
  const next: PersonDetails = {
    displayName: (changes.displayName ?? before.displayName).trim(),
    relation: (changes.relation ?? before.relation).trim(),
    phone: (changes.phone ?? before.phone).trim(),
    at,
  };
  doc.transact(() => peopleMap(doc).set(personId, next));
  return next;
}
