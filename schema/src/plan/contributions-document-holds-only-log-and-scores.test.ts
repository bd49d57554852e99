import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Window } from 'happy-dom';
import type { Editor as EditorType, JSONContent } from '@tiptap/core';
import {
  PLAN_CHANNELS,
  SECTIONS,
  channelExtensions,
  channelSchema,
  emptyChannelJSON,
  newItemJSON,
  planExtensions,
  planSchema,
  sectionsOf,
  splitChannelsJSON,
} from './index.ts';
import type { PlanChannel } from './index.ts';
import { CHANNELS } from '../protocol/membership/event-types.ts';
import { itemsNeedingId } from './item-ids.ts';
import { samplePlanJSON } from './sample-plan.ts';
import { assertPlanShape, fieldsOf } from './testing/editor-state.ts';

const valid = (channel: PlanChannel, json: JSONContent): boolean => {
  try {
    channelSchema(channel).nodeFromJSON(json).check();
    return true;
  } catch {
    return false;
  }
};

/** The channel's empty document with `section` put in at `index` among its sections. */
function withSectionAt(channel: PlanChannel, index: number, section: JSONContent): JSONContent {
  const content = [...(emptyChannelJSON(channel).content ?? [])];
  content.splice(index, 0, section);
  return { type: 'doc', content };
}

describe('which document a section lives in', () => {
  test('only the safety scale and the safety log are contributions; both channels keep SECTIONS order', () => {
    expect(sectionsOf('contributions').map((s) => s.key)).toEqual(['safetyScale', 'safetyLog']);
    expect(sectionsOf('plan').map((s) => s.key)).toEqual(
      SECTIONS.map((s) => s.key).filter((k) => k !== 'safetyScale' && k !== 'safetyLog'),
    );
    for (const s of SECTIONS) expect(sectionsOf(s.channel)).toContain(s);
    // The relay's channels (mayPublish) and the documents are the same two, by the same names.
    expect([...PLAN_CHANNELS]).toEqual([...CHANNELS]);
  });

  test('the contributions schema accepts exactly the safety scale and the safety log, with their items', () => {
    const schema = channelSchema('contributions');
    expect(valid('contributions', emptyChannelJSON('contributions'))).toBe(true);
    const { contributions } = splitChannelsJSON(samplePlanJSON());
    expect(valid('contributions', contributions)).toBe(true);
    expect(schema.nodeFromJSON(contributions).childCount).toBe(2);
    const full = schema.nodeFromJSON(contributions);
    expect(full.child(0).childCount + full.child(1).childCount).toBeGreaterThan(1);

    // Every plan-channel section, anywhere in the document, makes it invalid.
    for (const section of sectionsOf('plan')) {
      for (const index of [0, 1, 2]) {
        expect(valid('contributions', withSectionAt('contributions', index, { type: section.node })), `${section.key} at ${index}`).toBe(false);
      }
      for (const item of section.items) expect(schema.nodes[item.type], item.type).toBeUndefined();
    }
    // Nor may a plan item hide inside a contributions section, or a section be left out or repeated.
    const scale = { type: 'section_safety_scale', content: [newItemJSON('danger_statement')] };
    expect(valid('contributions', { type: 'doc', content: [scale, { type: 'section_safety_log' }] })).toBe(false);
    expect(valid('contributions', { type: 'doc', content: [{ type: 'section_safety_log' }] })).toBe(false);
    expect(valid('contributions', withSectionAt('contributions', 2, { type: 'section_safety_log' }))).toBe(false);
    expect(valid('contributions', samplePlanJSON())).toBe(false);
  });

  test('the plan schema refuses a safety log or safety scale section', () => {
    const { plan } = splitChannelsJSON(samplePlanJSON());
    expect(valid('plan', plan)).toBe(true);
    expect(valid('plan', emptyChannelJSON('plan'))).toBe(true);
    const logAt = sectionsOf('plan').findIndex((s) => s.key === 'wordsAndPictures');
    const scaleAt = sectionsOf('plan').findIndex((s) => s.key === 'safetyGoals');
    expect(valid('plan', withSectionAt('plan', logAt, { type: 'section_safety_log' }))).toBe(false);
    expect(valid('plan', withSectionAt('plan', scaleAt, { type: 'section_safety_scale' }))).toBe(false);
    for (const type of ['section_safety_log', 'log_entry', 'section_safety_scale', 'safety_score']) {
      expect(channelSchema('plan').nodes[type], type).toBeUndefined();
    }
    expect(valid('plan', samplePlanJSON())).toBe(false);
  });

  test('nodes keep their name, content and attrs in every schema, and the channels together are the full plan', () => {
    const full = planSchema();
    const names = (channel: PlanChannel) => Object.keys(channelSchema(channel).nodes).filter((n) => n !== 'doc');
    for (const channel of PLAN_CHANNELS) {
      for (const name of names(channel)) {
        const here = channelSchema(channel).nodes[name]!;
        const there = full.nodes[name]!;
        expect(here.spec.content, name).toBe(there.spec.content);
        expect(here.spec.group, name).toBe(there.spec.group);
        expect(Object.keys(here.spec.attrs ?? {}), name).toEqual(Object.keys(there.spec.attrs ?? {}));
      }
      expect(channelSchema(channel).topNodeType.spec.content).toBe(sectionsOf(channel).map((s) => s.node).join(' '));
    }
    const together = new Set([...names('plan'), ...names('contributions')]);
    expect([...together].sort()).toEqual(Object.keys(full.nodes).filter((n) => n !== 'doc').sort());
    expect(channelSchema('plan')).toBe(channelSchema('plan'));
    // Same guards, marks and inline nodes in both editors: only the document and the sections differ.
    const shared = (extensions: ReturnType<typeof planExtensions>) =>
      extensions.map((e) => e.name).filter((n) => !/^(section_|doc$)/.test(n) && !full.nodes[n]?.spec.group?.startsWith('plan_'));
    for (const channel of PLAN_CHANNELS) expect(shared(channelExtensions(channel))).toEqual(shared(planExtensions()));
    expect(shared(planExtensions())).toContain('planGuards');
  });
});

describe('a real Tiptap editor on each channel', () => {
  const window = new Window();
  const saved: Record<string, unknown> = {};
  const globalsNeeded = ['window', 'document', 'navigator', 'Node', 'HTMLElement', 'Element', 'MutationObserver', 'getComputedStyle', 'DOMParser', 'requestAnimationFrame', 'cancelAnimationFrame', 'Text', 'Range', 'getSelection', 'KeyboardEvent', 'Event', 'InputEvent', 'ClipboardEvent', 'DragEvent', 'FocusEvent', 'CompositionEvent'];
  const editors = {} as Record<PlanChannel, EditorType>;
  const refusals: number[] = [];

  beforeAll(async () => {
    for (const name of globalsNeeded) {
      saved[name] = (globalThis as Record<string, unknown>)[name];
      const value: unknown = (window as unknown as Record<string, unknown>)[name];
      Object.defineProperty(globalThis, name, { value: typeof value === 'function' && /^[a-z]/.test(name) ? value.bind(window) : value, configurable: true, writable: true });
    }
    const { Editor } = await import('@tiptap/core');
    const docs = splitChannelsJSON(samplePlanJSON());
    for (const channel of PLAN_CHANNELS) {
      editors[channel] = new Editor({
        element: document.createElement('div'),
        extensions: channelExtensions(channel, { onFieldTooLong: (limit) => refusals.push(limit) }),
        content: docs[channel],
      });
    }
  });

  afterAll(async () => {
    for (const editor of Object.values(editors)) editor.destroy();
    for (const name of globalsNeeded) Object.defineProperty(globalThis, name, { value: saved[name], configurable: true, writable: true });
    await window.happyDOM.close();
  });

  test.each(PLAN_CHANNELS)("the %s editor keeps its sections through Tiptap's own Backspace, Delete and Enter", (channel) => {
    const editor = editors[channel];
    assertPlanShape(editor.state.doc, channel);
    const before = fieldsOf(editor.state.doc).length;
    expect(before).toBeGreaterThan(0);
    for (const field of fieldsOf(editor.state.doc)) {
      for (const key of ['Backspace', 'Delete', 'Enter', 'Shift-Enter', 'Mod-Backspace']) {
        const f = fieldsOf(editor.state.doc).find((x) => x.itemId === field.itemId && x.node.type.name === field.node.type.name)!;
        editor.commands.setTextSelection(key === 'Delete' ? f.pos + 1 + f.node.content.size : f.pos + 1);
        editor.commands.keyboardShortcut(key);
        assertPlanShape(editor.state.doc, channel);
      }
    }
    expect(fieldsOf(editor.state.doc).length).toBe(before);
    let breaks = 0;
    editor.state.doc.descendants((n) => void (breaks += n.type.name === 'hardBreak' ? 1 : 0));
    expect(breaks).toBeGreaterThan(0);
  });

  test('pasting the whole plan editor into a safety log entry only adds text there', () => {
    const editor = editors.contributions;
    const items = () => {
      const out: string[] = [];
      editor.state.doc.descendants((n) => (n.type.spec.group === 'plan_item' ? void out.push(n.type.name) : true));
      return out;
    };
    const before = items();
    const what = fieldsOf(editor.state.doc).find((f) => f.node.type.name === 'log_entry_what')!;
    editor.commands.setTextSelection(what.pos + 1);
    editor.view.pasteHTML(editors.plan.getHTML());
    assertPlanShape(editor.state.doc, 'contributions');
    expect(items()).toEqual(before);
    const after = fieldsOf(editor.state.doc).find((f) => f.itemId === what.itemId && f.node.type.name === 'log_entry_what')!;
    expect(after.node.textContent).toContain('Familie De Vries');
  });

  test('items added to the contributions editor get unique ids and the field limit still holds', () => {
    const editor = editors.contributions;
    const entry = newItemJSON('log_entry', { outcome: 'wentWrong' }, { what: 'Ruzie.' });
    const endOfLog = () => editor.state.doc.child(0).nodeSize + editor.state.doc.child(1).nodeSize - 1;
    editor.commands.insertContentAt(endOfLog(), entry);
    editor.commands.insertContentAt(endOfLog(), entry);
    editor.commands.insertContentAt(editor.state.doc.child(0).nodeSize - 1, newItemJSON('safety_score', { score: 7 }));
    assertPlanShape(editor.state.doc, 'contributions');
    expect(itemsNeedingId(editor.state.doc)).toEqual([]);
    expect(editor.state.doc.child(1).lastChild?.attrs.outcome).toBe('wentWrong');
    expect(editor.state.doc.child(0).lastChild?.attrs.score).toBe(7);

    const who = fieldsOf(editor.state.doc).find((f) => f.node.type.name === 'safety_score_who')!;
    const doc = editor.state.doc;
    editor.commands.insertContentAt(who.pos + 1, 'x'.repeat(6000));
    expect(editor.state.doc.eq(doc)).toBe(true);
    expect(refusals).toEqual([5000]);
  });
});
