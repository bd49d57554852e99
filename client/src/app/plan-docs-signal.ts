import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { onDocChange } from '../review/doc-changes.ts';
import type { PlanDocs } from '../review/review-doc.ts';

/**
 * A value computed from both documents of a plan, recomputed `delayMs` after the last change to
 * either: hints and hand-over facts are advice, so a short pause keeps typing smooth.
 */
export function createPlanDocsSignal<T>(docs: PlanDocs, compute: (docs: PlanDocs) => T, delayMs: number): Accessor<T> {
  const [value, setValue] = createSignal<T>(compute(docs));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onUpdate = () => {
    clearTimeout(timer);
    timer = setTimeout(() => setValue(() => compute(docs)), delayMs);
  };
  const stops = [onDocChange(docs.plan, onUpdate), onDocChange(docs.contributions, onUpdate)];
  onCleanup(() => {
    clearTimeout(timer);
    for (const stop of stops) stop();
  });
  return value;
}
