import { describe, expect, test } from 'vitest';
import { Window } from 'happy-dom';
import { DOMParser, DOMSerializer, Fragment, Slice } from '@tiptap/pm/model';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection } from '@tiptap/pm/state';
import type { EditorState } from '@tiptap/pm/state';
import { planSchema } from './extensions.ts';
import { newItemJSON } from './json.ts';
import { planJSONWith } from './plan-builder.ts';
import { samplePlanJSON } from './sample-plan.ts';
import { itemsNeedingId } from './item-ids.ts';
import { assertPlanShape, fieldTextMap, fieldsOf, paste, planState, undoAll, withCursor } from './testing/editor-state.ts';

const window = new Window();
const document = window.document as unknown as Document;
const schema = planSchema();

function itemCounts(doc: PMNode): number[] {
  const counts: number[] = [];
  doc.forEach((section) => counts.push(section.childCount));
  return counts;
}

function cursorIn(state: EditorState, fieldName: string): { state: EditorState; key: string } {
  const field = fieldsOf(state.doc).find((f) => f.node.type.name === fieldName)!;
  return { state: withCursor(state, field.pos + 1), key: `${field.itemId}/${fieldName}` };
}

/** What ProseMirror's paste handler does with clipboard HTML: parse in the cursor's context, then replace. */
function pasteHTML(state: EditorState, html: string): EditorState {
  const container = document.createElement('div');
  container.innerHTML = html;
  const slice = DOMParser.fromSchema(schema).parseSlice(container, { preserveWhitespace: true, context: state.selection.$from });
  return paste(state, slice);
}

const pasteSlice = paste;

describe('pasting only ever adds text inside a field', () => {
  const base = planState(samplePlanJSON());

  test('foreign HTML (headings, lists, tables, images, links) becomes text in the field', () => {
    const { state, key } = cursorIn(base, 'agreement_what');
    const html =
      '<h1>Titel</h1><p>Een <b>vet</b> en <i>schuin</i> woord</p><ul><li>een</li><li>twee</li></ul>' +
      '<table><tr><td>cel</td></tr></table><img src="https://tracker.example/x.png"><a href="https://x.example">link</a>' +
      '<section data-type="section_bogus"><div data-type="plan_details">nep</div></section>';
    const after = pasteHTML(state, html);
    assertPlanShape(after.doc);
    expect(itemCounts(after.doc)).toEqual(itemCounts(base.doc));
    const texts = fieldTextMap(after.doc);
    expect(texts.get(key)).toMatch(/^Titel\nEen vet en schuin woord\neen\ntwee\ncel\n/);
    for (const word of ['Titel', 'vet', 'schuin', 'een', 'twee', 'cel', 'link', 'nep']) expect(texts.get(key)).toContain(word);
    for (const [k, v] of fieldTextMap(base.doc)) if (k !== key) expect(texts.get(k), k).toBe(v);
    const marks = new Set<string>();
    after.doc.descendants((n) => {
      n.marks.forEach((m) => marks.add(m.type.name));
    });
    expect([...marks].sort()).toEqual(['bold', 'italic']);
    expect(JSON.stringify(after.doc.toJSON())).not.toContain('tracker.example');
    expect(undoAll(after).doc.eq(base.doc)).toBe(true);
  });

  test('a copied section of another plan never adds or moves a section', () => {
    const other = schema.nodeFromJSON(samplePlanJSON());
    const serializer = DOMSerializer.fromSchema(schema);
    for (let i = 0; i < other.childCount; i++) {
      const html = (serializer.serializeNode(other.child(i), { document }) as HTMLElement).outerHTML;
      for (const fieldName of ['plan_details_household_name', 'agreement_what', 'recovery_step_text']) {
        const { state } = cursorIn(base, fieldName);
        const after = pasteHTML(state, html);
        assertPlanShape(after.doc);
        expect(itemCounts(after.doc)).toEqual(itemCounts(base.doc));
        expect(itemsNeedingId(after.doc)).toEqual([]);
        expect(undoAll(after).doc.eq(base.doc)).toBe(true);
      }
    }
  });

  test('a single-line field gets pasted lines joined by spaces', () => {
    const { state, key } = cursorIn(base, 'person_phone');
    const after = pasteHTML(state, '<p>06</p><p>1234</p>');
    expect(fieldTextMap(after.doc).get(key)).toBe('06 123406-12345678');
  });

  test('pictures pasted into the section keep only a data URL, never a remote address', () => {
    let sectionPos = 0;
    base.doc.forEach((n, offset) => {
      if (n.type.name === 'section_words_and_pictures') sectionPos = offset;
    });
    const state = base.apply(base.tr.setSelection(NodeSelection.create(base.doc, sectionPos + 1)));
    const html =
      '<figure data-type="picture"><img src="https://tracker.example/a.png"><figcaption><div data-type="picture_caption">A</div></figcaption></figure>' +
      '<figure data-type="picture"><img src="data:image/png;base64,AAAA"><figcaption><div data-type="picture_caption">B</div></figcaption></figure>';
    const after = pasteHTML(state, html);
    assertPlanShape(after.doc);
    const srcs: unknown[] = [];
    after.doc.descendants((n) => {
      if (n.type.name === 'picture') srcs.push(n.attrs.src);
    });
    expect(srcs.filter((s) => typeof s === 'string' && s.startsWith('https'))).toEqual([]);
  });

  test('JSON slices of whole sections, items and documents keep the plan valid, and undo restores it', () => {
    const other = schema.nodeFromJSON(samplePlanJSON());
    const slices: Slice[] = [
      new Slice(other.content, 0, 0),
      new Slice(Fragment.from(other.child(3)), 0, 0),
      new Slice(Fragment.from(other.child(0)), 1, 1),
      new Slice(Fragment.from(other.child(7).child(0)), 0, 0),
      new Slice(Fragment.from(other.child(7).child(0)), 1, 1),
      new Slice(Fragment.from(other.child(7).child(0)), 2, 2),
      Slice.fromJSON(schema, { content: [{ type: 'danger_statement_text', content: [{ type: 'text', text: 'open' }] }], openStart: 1, openEnd: 1 }),
      Slice.fromJSON(schema, { content: [newItemJSON('agreement', {}, { what: 'x' })] }),
    ];
    for (const slice of slices) {
      for (const field of fieldsOf(base.doc).filter((_, i) => i % 4 === 0)) {
        const at = withCursor(base, field.pos + 1);
        const after = pasteSlice(at, slice);
        assertPlanShape(after.doc);
        expect(itemCounts(after.doc)).toEqual(itemCounts(base.doc));
        expect(itemsNeedingId(after.doc)).toEqual([]);
        expect(undoAll(after).doc.eq(base.doc)).toBe(true);
      }
    }
  });

  test('a slice from another schema (paragraphs, lists) is refused with a clear error', () => {
    const foreign = { content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }], openStart: 0, openEnd: 0 };
    expect(() => Slice.fromJSON(schema, foreign)).toThrow(/paragraph/);
  });

  test('pasting an agreement between agreements adds one with a fresh id', () => {
    const doc = schema.nodeFromJSON(planJSONWith([newItemJSON('agreement', {}, { what: 'a' })]));
    const state = planState(doc.toJSON());
    const copied = doc.child(7).child(0);
    let sectionPos = 0;
    state.doc.forEach((n, offset, i) => {
      if (i === 7) sectionPos = offset;
    });
    const end = sectionPos + 1 + copied.nodeSize;
    const after = state.apply(state.tr.insert(end, copied));
    const ids = [after.doc.child(7).child(0).attrs.id, after.doc.child(7).child(1).attrs.id];
    expect(ids[0]).toBe(copied.attrs.id);
    expect(typeof ids[1]).toBe('string');
    expect(ids[1]).not.toBe(ids[0]);
  });
});
