import { itemsOf, type PlanModel } from '@safeplan/schema/plan';

export interface CallRow {
  /** The situation, in the plan's own words. */
  when: string;
  /** Whether `when` is an agreement's "what" (the card then says "Als het mis gaat: …"). */
  fromAgreement: boolean;
  /** What to do, from the agreement ("Mama belt oma"), or empty. */
  what: string;
  people: { name: string; phone: string; tel: string | null }[];
}

/** A number a phone can dial: digits and a leading +, or null when there is none. */
export function telHref(phone: string): string | null {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits.replace('+', '').length >= 3 ? `tel:${digits}` : null;
}

const words = (s: string) => s.toLocaleLowerCase('nl').split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Whether a text names a person: their full name, or a word of it of 3+ letters ("oma" in "Oma Truus"). */
function names(text: string, name: string): boolean {
  const t = ` ${words(text).join(' ')} `;
  const n = words(name);
  if (n.length === 0) return false;
  if (t.includes(` ${n.join(' ')} `)) return true;
  return n.some((w) => w.length >= 3 && t.includes(` ${w} `));
}

/**
 * "Wie bel je?" from the plan: each agreement's "if it goes wrong" with the people it names, and
 * each person's own "who to call, and when". Emergency numbers are added by the card, always.
 */
export function whoToCall(model: PlanModel): CallRow[] {
  const people = itemsOf(model, 'person')
    .map((p) => ({ name: (p.fields.name ?? '').trim(), phone: (p.fields.phone ?? '').trim(), callWhen: (p.fields.callWhen ?? '').trim() }))
    .filter((p) => p.name !== '');
  const withTel = (p: { name: string; phone: string }) => ({ name: p.name, phone: p.phone, tel: telHref(p.phone) });
  const rows: CallRow[] = [];
  for (const a of itemsOf(model, 'agreement')) {
    const ifWrong = (a.fields.ifWrong ?? '').trim();
    if (!ifWrong) continue;
    const named = people.filter((p) => names(ifWrong, p.name));
    rows.push({ when: (a.fields.what ?? '').trim(), fromAgreement: true, what: ifWrong, people: named.map(withTel) });
  }
  for (const p of people) {
    if (p.callWhen) rows.push({ when: p.callWhen, fromAgreement: false, what: '', people: [withTel(p)] });
  }
  return rows;
}
