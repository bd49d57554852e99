import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { onDocChange } from '../../review/doc-changes.ts';
import type { PlanDocs } from '../../review/index.ts';

/**
 * A counter that moves when either document of the plan changes, at most every `quietMs`: the
 * review lists walk the whole history, so redoing them per keystroke (local or remote) would make
 * typing lag.
 */
export function docTick(docs: PlanDocs, quietMs = 300): Accessor<number> {
  const [tick, setTick] = createSignal(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onUpdate = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      setTick((n) => n + 1);
    }, quietMs);
  };
  const stops = [docs.plan, docs.contributions].map((doc) => onDocChange(doc, onUpdate));
  onCleanup(() => {
    for (const stop of stops) stop();
    clearTimeout(timer);
  });
  return tick;
}

/** Any Yjs type: they all take an observer that gets the event (ignored here). */
interface Observable {
  observe(f: () => void): void;
  unobserve(f: () => void): void;
}

/**
 * Like docTick, but only for changes to the named top-level types: verifying versions (hashes,
 * signatures) is too costly to redo on every keystroke in the plan itself.
 */
export function typesTick(types: readonly Observable[]): Accessor<number> {
  const [tick, setTick] = createSignal(0);
  const onChange = () => setTick((n) => n + 1);
  for (const type of types) type.observe(onChange);
  onCleanup(() => {
    for (const type of types) type.unobserve(onChange);
  });
  return tick;
}
