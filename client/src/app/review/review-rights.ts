import { mayPublish } from '@safeplan/schema/protocol';
import type { Role } from '@safeplan/schema/protocol';

/**
 * What my role lets me do in review, by the document each action writes (the relay refuses the
 * rest). Marking seen, replying, endorsing and "read" marks write the contributions document:
 * owners, editors and contributors. Restoring a version writes both documents: owners and editors.
 * A member who left (role null) does neither.
 */
export function mayContribute(role: Role | null): boolean {
  return role !== null && mayPublish(role, 'contributions');
}

export function mayRestore(role: Role | null): boolean {
  return role !== null && mayPublish(role, 'plan') && mayPublish(role, 'contributions');
}
