import { Editor, Extension, type AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { channelExtensions, type PlanChannel } from '@safeplan/schema/plan';
import type { PlanSession } from '../sync/session.ts';
import { withPlanNodeViews } from '../sections/node-views.ts';
import type { PlanViewContext } from '../sections/plan-view-context.ts';
import { sessionMayWrite } from './may-write.ts';
import { plainPastePlugin } from './plain-paste.ts';
import { SelectAllInField } from './select-all-in-field.ts';
import { CHANNEL_FIELD, isChannelDocEmpty, seedChannelDoc } from '../review/plan-seed.ts';

export interface PlanEditorOptions {
  /** Which of the plan's documents this editor shows: the plan itself, or the scores and log. */
  channel: PlanChannel;
  element: HTMLElement;
  session: PlanSession;
  /** This device's caret for the others; shown in the plan editor only (the awareness belongs to the plan document). */
  user?: { name: string; color: string };
  ctx: PlanViewContext;
  /** A local edit or paste was refused because a field would pass `max` characters. */
  onFieldTooLong: (max: number) => void;
  ariaLabel: string;
}

/** CSS class of each channel's editor; e2e tests and styles find the plan editor by `.plan-editor`. */
export const EDITOR_CLASS: Record<PlanChannel, string> = { plan: 'plan-editor', contributions: 'contributions-editor' };

export function channelDocOf(session: Pick<PlanSession, 'doc' | 'contributions'>, channel: PlanChannel) {
  return channel === 'plan' ? session.doc : session.contributions;
}

/**
 * An editor for one of the plan's documents: that channel's nodes with Solid node views, bound to
 * its Y.Doc. Editable only while this device may write that document (it follows role changes
 * and a lost access); undo/redo come from the collaboration extension and only undo this
 * device's own changes.
 *
 * Never bind a device that may not write to an empty document: the caller shows "not there yet"
 * instead (PlanScreen), since binding would make the editor fill in the document on its own.
 */
export function createPlanEditor(options: PlanEditorOptions): Editor {
  const { session, channel } = options;
  const doc = channelDocOf(session, channel);
  const mayWrite = () => sessionMayWrite(session, channel);
  // Before binding: an empty fragment bound to an editor would get a fresh empty document with
  // random ids from this device alone; the shared seed merges with every other device's.
  if (isChannelDocEmpty(doc, channel)) {
    if (!mayWrite()) throw new Error(`The ${channel} document is empty and this device may not write it.`);
    seedChannelDoc(doc, channel);
  }
  const guards = Extension.create({
    name: 'planPaste',
    addProseMirrorPlugins: () => [plainPastePlugin(options.onFieldTooLong)],
  });
  const collaboration: AnyExtension[] = [Collaboration.configure({ document: doc, field: CHANNEL_FIELD[channel] })];
  if (channel === 'plan' && options.user) {
    collaboration.push(CollaborationCaret.configure({ provider: { awareness: session.awareness }, user: options.user }));
  }
  const editor = new Editor({
    element: options.element,
    editable: mayWrite(),
    extensions: [
      ...withPlanNodeViews(channelExtensions(channel, { onFieldTooLong: options.onFieldTooLong }), options.ctx),
      guards,
      SelectAllInField,
      ...collaboration,
    ],
    editorProps: {
      attributes: { 'aria-label': options.ariaLabel, class: EDITOR_CLASS[channel], spellcheck: 'true' },
    },
  });
  // A reader, a contributor in the plan, or a removed device still reads; typing would only stay on this device.
  const follow = () => {
    if (!editor.isDestroyed && editor.isEditable !== mayWrite()) editor.setEditable(mayWrite(), false);
  };
  const stops = [session.membership.onChange(follow), session.onState(follow)];
  editor.on('destroy', () => stops.forEach((stop) => stop()));
  return editor;
}
