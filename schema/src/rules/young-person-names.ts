// A hyphen continues a name: "Sara-Lynn" is not "Sara".
const letterOrDigit = /[\p{L}\p{N}-]/u;

/** The names a text may use for the young people: each one's full name and first name. */
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

const fold = (s: string) => s.toLocaleLowerCase('nl');

/** Whether `name` stands at `at` in the folded text as a whole word (not part of "Janneke"). */
function wordAt(t: string, n: string, at: number): boolean {
  if (!t.startsWith(n, at)) return false;
  const before = at === 0 ? '' : t.charAt(at - 1);
  return !letterOrDigit.test(before) && !letterOrDigit.test(t.charAt(at + n.length));
}

export function beginsWithName(text: string, names: readonly string[]): boolean {
  const t = fold(text.trimStart());
  return names.some((name) => wordAt(t, fold(name), 0));
}

export function mentionsName(text: string, names: readonly string[]): boolean {
  const t = fold(text);
  return names.some((name) => {
    const n = fold(name);
    for (let at = t.indexOf(n); at !== -1; at = t.indexOf(n, at + 1)) if (wordAt(t, n, at)) return true;
    return false;
  });
}

/** The young people's names as shown in a hint: "Jan de Vries, Sara". */
export function shownNames(names: readonly string[]): string {
  return names.map((p) => p.trim()).filter(Boolean).join(', ');
}
