import type { Accessor, JSX } from 'solid-js';
import type { Node as PMNode } from '@tiptap/pm/model';

/** A method hint from the rules, shown beside its section as friendly advice. */
export interface SectionHint {
  rule: string;
  section: string;
  itemId?: string;
  params?: Record<string, string | number>;
}

/**
 * What the node views of one editor share. A plan has two editors (the plan document and the
 * contributions document); both see the same plan document, hints and notices, each its own `editable`.
 */
export interface PlanViewContext {
  /**
   * The plan document as its editor shows it now: item references (e.g. a score's danger
   * statement) point into it from either editor. Undefined while that editor is not there yet.
   */
  planDoc: Accessor<PMNode | undefined>;
  /** Hints from the full plan (both documents), each shown beside its own section. */
  hints: Accessor<readonly SectionHint[]>;
  /** Whether this device may write the document of this editor now; the chrome follows it. */
  editable: Accessor<boolean>;
  /** This person's name, to fill in "who" on a new log entry or score. */
  myName: Accessor<string>;
  /** Shows a message to the person; errors are read out by screen readers. */
  notify: (text: string, options?: { tone?: 'info' | 'error'; action?: { label: string; run: () => void } }) => void;
  /** Something the plan screen shows at the top of a section, below its hints (e.g. the scale over time). */
  sectionExtra?: (sectionKey: string) => JSX.Element | undefined;
}

/** Items of a type with a short label (their first field's text), for reference pickers. */
export function itemsOfType(doc: PMNode | undefined, type: string): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  if (!doc) return out;
  doc.descendants((node) => {
    if (node.type.spec.group === 'plan_section') return true;
    if (node.type.name === type && typeof node.attrs.id === 'string') {
      const text = node.firstChild?.textContent.trim() ?? '';
      // Items with a date (a meeting) are told apart by it first: "2026-12-09 · bij oma".
      const date = typeof node.attrs.date === 'string' ? node.attrs.date : '';
      const first = date && text ? `${date} · ${text}` : date || text;
      out.push({ id: node.attrs.id, label: first.length > 60 ? `${first.slice(0, 57)}…` : first });
    }
    return false;
  });
  return out;
}
