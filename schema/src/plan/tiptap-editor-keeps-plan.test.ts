import { afterAll, beforeAll, expect, test } from 'vitest';
import { Window } from 'happy-dom';
import type { Editor as EditorType } from '@tiptap/core';
import { planExtensions } from './extensions.ts';
import { samplePlanJSON } from './sample-plan.ts';
import { assertPlanShape, fieldsOf } from './testing/editor-state.ts';

const window = new Window();
const saved: Record<string, unknown> = {};
const globalsNeeded = ['window', 'document', 'navigator', 'Node', 'HTMLElement', 'Element', 'MutationObserver', 'getComputedStyle', 'DOMParser', 'requestAnimationFrame', 'cancelAnimationFrame', 'Text', 'Range', 'getSelection', 'KeyboardEvent', 'Event', 'InputEvent', 'ClipboardEvent', 'DragEvent', 'FocusEvent', 'CompositionEvent'];
let editor: EditorType;

beforeAll(async () => {
  for (const name of globalsNeeded) {
    saved[name] = (globalThis as Record<string, unknown>)[name];
    const value: unknown = (window as unknown as Record<string, unknown>)[name];
    Object.defineProperty(globalThis, name, { value: typeof value === 'function' && /^[a-z]/.test(name) ? value.bind(window) : value, configurable: true, writable: true });
  }
  const { Editor } = await import('@tiptap/core');
  editor = new Editor({ element: document.createElement('div'), extensions: planExtensions(), content: samplePlanJSON() });
});

afterAll(async () => {
  editor?.destroy();
  for (const name of globalsNeeded) Object.defineProperty(globalThis, name, { value: saved[name], configurable: true, writable: true });
  await window.happyDOM.close();
});

test("a Tiptap editor with planExtensions keeps every section through Tiptap's own Backspace, Delete and Enter", () => {
  assertPlanShape(editor.state.doc);
  const before = fieldsOf(editor.state.doc).length;
  for (const field of fieldsOf(editor.state.doc)) {
    for (const key of ['Backspace', 'Delete', 'Enter', 'Shift-Enter', 'Mod-Backspace']) {
      const f = fieldsOf(editor.state.doc).find((x) => x.itemId === field.itemId && x.node.type.name === field.node.type.name)!;
      editor.commands.setTextSelection(key === 'Delete' ? f.pos + 1 + f.node.content.size : f.pos + 1);
      editor.commands.keyboardShortcut(key);
      assertPlanShape(editor.state.doc);
    }
  }
  expect(fieldsOf(editor.state.doc).length).toBe(before);
  // The keys really ran: Shift-Enter put hard breaks into multi-line fields, never into single-line ones.
  const breaksIn = new Set<string>();
  editor.state.doc.descendants((n, _pos, parent) => {
    if (n.type.name === 'hardBreak' && parent) breaksIn.add(parent.type.name);
  });
  expect(breaksIn.has('agreement_what')).toBe(true);
  expect(breaksIn.has('agreement_who')).toBe(false);
  editor.commands.selectAll();
  editor.commands.keyboardShortcut('Backspace');
  assertPlanShape(editor.state.doc);
  expect(editor.getJSON().content).toHaveLength(14);
});
