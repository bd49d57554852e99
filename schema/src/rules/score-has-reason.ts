import type { Rule } from './hint.ts';

/** The method: whoever gives a score says why; the number alone tells the network nothing. */
export const scoreHasReason: Rule = {
  id: 'score-without-reason',
  check(model) {
    return model.safetyScale
      .filter((s) => s.attrs.score !== null && s.fields.reason.trim() === '')
      .map((s) => ({
        rule: this.id,
        section: 'safetyScale' as const,
        ...(s.id ? { itemId: s.id } : {}),
        params: { score: s.attrs.score ?? 0, who: s.fields.who.trim() || '?' },
      }));
  },
};
