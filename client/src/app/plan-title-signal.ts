import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { onTitleInDoc, titleInDoc } from '../sync/plan-title.ts';

/**
 * The plan's name as the plan document says it (every member sees the name its maker gave it),
 * or this device's own copy until the document has one. Follows renames by other members.
 */
export function usePlanTitle(plan: Parameters<typeof titleInDoc>[0], stored: Accessor<string>): Accessor<string> {
  const [inDoc, setInDoc] = createSignal(titleInDoc(plan));
  onCleanup(onTitleInDoc(plan, setInDoc));
  return () => inDoc() || stored();
}
