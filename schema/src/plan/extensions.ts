import { Extension, getSchema } from '@tiptap/core';
import type { AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { PlanBold, PlanHardBreak, PlanItalic, PlanText } from './inline.ts';
import { PlanDocument, planNodes } from './nodes.ts';
import { itemIdsPlugin } from './item-ids.ts';
import { fieldLimitPlugin } from './field-limit.ts';
import { pasteGuardPlugin } from './paste-guard.ts';

export interface PlanExtensionOptions {
  /** Called when a local edit is refused because a field would pass MAX_FIELD_CHARS. */
  onFieldTooLong?: (limit: number) => void;
}

function planGuards(options: PlanExtensionOptions): Extension {
  return Extension.create({
    name: 'planGuards',
    addProseMirrorPlugins: () => [itemIdsPlugin(), fieldLimitPlugin(options.onFieldTooLong), pasteGuardPlugin()],
  });
}

/** Everything the plan document needs; add editor behaviour (collaboration, history, UI) next to it. */
export function planExtensions(options: PlanExtensionOptions = {}): AnyExtension[] {
  return [PlanDocument, PlanText, PlanBold, PlanItalic, PlanHardBreak, ...planNodes(), planGuards(options)];
}

let cached: Schema | null = null;

/** The ProseMirror schema of a plan, identical to the one an Editor builds from planExtensions(). */
export function planSchema(): Schema {
  cached ??= getSchema(planExtensions());
  return cached;
}
