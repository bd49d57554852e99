import { Editor, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { planExtensions } from '@safeplan/schema/plan';
import type { PlanSession } from '../sync/session.ts';
import { withPlanNodeViews } from '../sections/node-views.ts';
import type { PlanViewContext } from '../sections/plan-view-context.ts';
import { plainPastePlugin } from './plain-paste.ts';
import { PLAN_FIELD, seedPlanDoc } from './seed.ts';

export interface PlanEditorOptions {
  element: HTMLElement;
  session: PlanSession;
  user: { name: string; color: string };
  ctx: PlanViewContext;
  /** A local edit or paste was refused because a field would pass `max` characters. */
  onFieldTooLong: (max: number) => void;
  ariaLabel: string;
}

/**
 * The plan editor: the schema's nodes with Solid node views, bound to the session's Y.Doc and
 * showing collaborators' carets from its awareness. Undo/redo come from the collaboration
 * extension (they only undo this device's own changes).
 */
export function createPlanEditor(options: PlanEditorOptions): Editor {
  const { session } = options;
  // Always before binding: an empty fragment bound to an editor would get a fresh empty plan with
  // random ids from this device alone; the shared seed merges with every other device's.
  seedPlanDoc(session.doc);
  const guards = Extension.create({
    name: 'planPaste',
    addProseMirrorPlugins: () => [plainPastePlugin(options.onFieldTooLong)],
  });
  return new Editor({
    element: options.element,
    extensions: [
      ...withPlanNodeViews(planExtensions({ onFieldTooLong: options.onFieldTooLong }), options.ctx),
      guards,
      Collaboration.configure({ document: session.doc, field: PLAN_FIELD }),
      CollaborationCaret.configure({ provider: { awareness: session.awareness }, user: options.user }),
    ],
    editorProps: {
      attributes: { 'aria-label': options.ariaLabel, class: 'plan-editor', spellcheck: 'true' },
    },
  });
}
