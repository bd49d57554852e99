import type { Accessor } from 'solid-js';
import type { Node as PMNode } from '@tiptap/pm/model';

/** A method hint from the rules, shown beside its section as friendly advice. */
export interface SectionHint {
  rule: string;
  section: string;
  itemId?: string;
  params?: Record<string, string | number>;
}

/** What every node view of one open plan shares: the live document and the current hints. */
export interface PlanViewContext {
  /** Undefined while the editor is still being built (node views render before it exists). */
  doc: Accessor<PMNode | undefined>;
  hints: Accessor<readonly SectionHint[]>;
  /** Shows a message to the person; errors are read out by screen readers. */
  notify: (text: string, options?: { tone?: 'info' | 'error'; action?: { label: string; run: () => void } }) => void;
}

/** Items of a type with a short label (their first field's text), for reference pickers. */
export function itemsOfType(doc: PMNode | undefined, type: string): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  if (!doc) return out;
  doc.descendants((node) => {
    if (node.type.spec.group === 'plan_section') return true;
    if (node.type.name === type && typeof node.attrs.id === 'string') {
      const first = node.firstChild?.textContent.trim() ?? '';
      out.push({ id: node.attrs.id, label: first.length > 60 ? `${first.slice(0, 57)}…` : first });
    }
    return false;
  });
  return out;
}
