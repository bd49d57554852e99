import type { Author } from './attribution.ts';

/** A piece of field text as the reviewer sees it: unchanged, inserted or deleted since their mark. */
export interface TextRun {
  kind: 'same' | 'inserted' | 'deleted';
  text: string;
  /** Who inserted or deleted it (absent for 'same'); `at` is the latest change in the run. */
  by?: Author;
  /** Deleted characters whose text the document no longer holds (a Y.Doc with gc on). */
  lost?: number;
}

/** Collects characters into runs: one run per kind and author, in document order. */
export class RunBuilder {
  readonly runs: TextRun[] = [];

  add(kind: TextRun['kind'], text: string, by?: Author, lost = 0): void {
    const last = this.runs[this.runs.length - 1];
    if (last && last.kind === kind && last.by?.member === by?.member) {
      last.text += text;
      if (lost) last.lost = (last.lost ?? 0) + lost;
      if (last.by && by && (by.at ?? -1) > (last.by.at ?? -1)) last.by = by;
      return;
    }
    const run: TextRun = { kind, text };
    if (by) run.by = by;
    if (lost) run.lost = lost;
    this.runs.push(run);
  }

  get changed(): boolean {
    return this.runs.some((r) => r.kind !== 'same');
  }
}
