import { Extension, getSchema } from '@tiptap/core';
import type { AnyExtension } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { PlanBold, PlanHardBreak, PlanItalic, PlanText } from './inline.ts';
import { PlanDocument, channelDocument, planNodes } from './nodes.ts';
import { sectionsOf } from './sections.ts';
import type { PlanChannel } from './sections.ts';
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

/**
 * Everything the full plan (all sections) needs; add editor behaviour (collaboration, history, UI)
 * next to it. Models, versions, diffs and print read this shape; shared editing uses the channels.
 */
export function planExtensions(options: PlanExtensionOptions = {}): AnyExtension[] {
  return [PlanDocument, PlanText, PlanBold, PlanItalic, PlanHardBreak, ...planNodes(), planGuards(options)];
}

/**
 * Everything one channel's document needs: only that channel's sections, with the same node names
 * and guards as the full plan, so node views and plugins work unchanged in either editor.
 */
export function channelExtensions(channel: PlanChannel, options: PlanExtensionOptions = {}): AnyExtension[] {
  return [
    channelDocument(channel),
    PlanText,
    PlanBold,
    PlanItalic,
    PlanHardBreak,
    ...planNodes(sectionsOf(channel)),
    planGuards(options),
  ];
}

let cached: Schema | null = null;
const channelSchemas = new Map<PlanChannel, Schema>();

/** The ProseMirror schema of the full plan, identical to the one an Editor builds from planExtensions(). */
export function planSchema(): Schema {
  cached ??= getSchema(planExtensions());
  return cached;
}

/** The ProseMirror schema of one channel's document, identical to the one an Editor builds from channelExtensions(). */
export function channelSchema(channel: PlanChannel): Schema {
  let schema = channelSchemas.get(channel);
  if (!schema) {
    schema = getSchema(channelExtensions(channel));
    channelSchemas.set(channel, schema);
  }
  return schema;
}
