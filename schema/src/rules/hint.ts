import type { PlanModel, SectionKey } from '../plan/index.ts';

/** Advice about a plan; never a block. The UI shows it through the i18n key `rule.<rule>`. */
export interface Hint {
  rule: string;
  section: SectionKey;
  itemId?: string;
  params?: Record<string, string | number>;
}

export interface Rule {
  readonly id: string;
  check(model: PlanModel, now: Date): Hint[];
}
