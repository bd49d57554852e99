import { itemsOf } from '../plan/index.ts';
import type { Hint, Rule } from './hint.ts';

// A hyphen continues a name: "Sara-Lynn" is not "Sara".
const letterOrDigit = /[\p{L}\p{N}-]/u;

/** The names a statement may begin with: each young person's full name and first name. */
export function youngPersonNames(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!name) continue;
    out.add(name);
    out.add(name.split(' ')[0]!);
  }
  return [...out];
}

export function beginsWithName(text: string, names: readonly string[]): boolean {
  const t = text.trimStart().toLocaleLowerCase('nl');
  return names.some((name) => {
    const n = name.toLocaleLowerCase('nl');
    return t.startsWith(n) && !letterOrDigit.test(t.charAt(n.length));
  });
}

/** The method: a danger statement begins with the name of the child it is about. */
export const dangerStatementNamesYoungPerson: Rule = {
  id: 'danger-statement-name',
  check(model) {
    const people = itemsOf(model, 'young_person').map((y) => y.fields.name);
    const names = youngPersonNames(people);
    if (names.length === 0) return [];
    const shown = people.map((p) => p.trim()).filter(Boolean).join(', ');
    return itemsOf(model, 'danger_statement')
      .filter((d) => d.fields.text.trim() !== '' && !beginsWithName(d.fields.text, names))
      .map((d): Hint => ({ rule: this.id, section: 'dangerStatements', ...(d.id ? { itemId: d.id } : {}), params: { names: shown } }));
  },
};
