import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fieldNodeName, itemSpec, itemsOf, newItemId, type AttrValue, type ItemType, type PlanModel } from '@safeplan/schema/plan';
import { fullPlanJSON, fullPlanModel, planDocsOf } from '../../client/src/editor/plan-json.ts';
import { CHANNEL_FIELD, seedPlanDocs } from '../../client/src/review/plan-seed.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, isSynced, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

/**
 * Edits written the way the editor's Yjs binding writes them: an item is an XmlElement named after
 * its type with its attrs as attributes and one XmlElement per field holding the text. The merged
 * result is then read back through the schema (fullPlanModel validates), so a merge that broke the
 * plan's structure fails here.
 */
function sectionEl(doc: Y.Doc, channel: 'plan' | 'contributions', node: string): Y.XmlElement {
  const fragment = doc.getXmlFragment(CHANNEL_FIELD[channel]);
  const found = fragment.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === node);
  if (!found) throw new Error(`no ${node} in the ${channel} document`);
  return found;
}

function addItem(doc: Y.Doc, channel: 'plan' | 'contributions', section: string, type: ItemType, attrs: Record<string, AttrValue>, fields: Record<string, string>): string {
  const id = newItemId();
  const el = new Y.XmlElement(type);
  doc.transact(() => {
    const target = sectionEl(doc, channel, section);
    target.insert(target.length, [el]);
    el.setAttribute('id', id);
    for (const [k, v] of Object.entries(attrs)) if (v !== null) el.setAttribute(k, v as never);
    el.insert(
      0,
      itemSpec(type).fields.map((f) => {
        const field = new Y.XmlElement(fieldNodeName(type, f.key));
        const text = fields[f.key];
        if (text) field.insert(0, [new Y.XmlText(text)]);
        return field;
      }),
    );
  });
  return id;
}

function itemEl(doc: Y.Doc, channel: 'plan' | 'contributions', id: string): Y.XmlElement {
  for (const section of doc.getXmlFragment(CHANNEL_FIELD[channel]).toArray()) {
    if (!(section instanceof Y.XmlElement)) continue;
    for (const item of section.toArray()) if (item instanceof Y.XmlElement && item.getAttribute('id') === id) return item;
  }
  throw new Error(`no item ${id}`);
}

function setAttr(doc: Y.Doc, id: string, key: string, value: AttrValue): void {
  itemEl(doc, 'plan', id).setAttribute(key, value as never);
}

function appendToField(doc: Y.Doc, id: string, type: ItemType, field: string, text: string): void {
  const el = itemEl(doc, 'plan', id).toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === fieldNodeName(type, field));
  if (!el) throw new Error(`no field ${field}`);
  el.insert(el.length, [new Y.XmlText(text)]);
}

const model = (s: EngineSession): PlanModel => fullPlanModel(planDocsOf(s));
const same = (a: EngineSession, b: EngineSession) => JSON.stringify(fullPlanJSON(planDocsOf(a))) === JSON.stringify(fullPlanJSON(planDocsOf(b)));

describe('scores, meetings and circles written on three devices at once (owner, editor, contributor)', () => {
  it('merge through the relay into one valid plan with nothing lost', async () => {
    const anna = newClient(net, 'anna');
    const bram = newClient(net, 'bram');
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    seedPlanDocs(planDocsOf(mine));
    const danger = addItem(mine.doc, 'plan', 'section_danger_statements', 'danger_statement', {}, { text: 'Jan is bang als papa boos wordt.' });
    const oma = addItem(mine.doc, 'plan', 'section_network', 'person', { kind: 'network' }, { name: 'Oma Truus' });
    const els = addItem(mine.doc, 'plan', 'section_network', 'person', { kind: 'network' }, { name: 'Els' });
    const first = addItem(mine.doc, 'plan', 'section_monitoring', 'meeting', { date: '2026-12-01', time: '19:30' }, { place: 'Bij oma', invited: 'Iedereen' });
    // Bram joins as an editor (he writes the plan too) and has it all.
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    await until('bram has the plan', () => isSynced(theirs) && itemsOf(model(theirs), 'meeting').length === 1, 10_000, () => describeState(theirs.state()));
    // Carla is in the network as a contributor: she scores at the meeting and writes the log, not the plan.
    const carla = newClient(net, 'carla');
    const hers = (await carla.lib.join(await anna.lib.createInvite(mine.planId, { role: 'contributor', profile: { kind: 'network' } }), 'Carla')) as EngineSession;
    await until('carla has the plan', () => isSynced(hers) && itemsOf(model(hers), 'meeting').length === 1, 10_000, () => describeState(hers.state()));

    // Both tablets lose the network and keep working.
    net.cut('anna');
    net.cut('bram');
    net.cut('carla');
    await until('all offline', () => mine.state().kind !== 'synced' && theirs.state().kind !== 'synced' && hers.state().kind !== 'synced');

    // Anna: writes down who was there, puts oma in the inner circle, scores at the meeting, plans the next one.
    appendToField(mine.doc, first, 'meeting', 'present', 'Mama, oma Truus');
    setAttr(mine.doc, oma, 'circle', 'all');
    setAttr(mine.doc, els, 'circle', 'none');
    const scoreA = addItem(mine.contributions, 'contributions', 'section_safety_scale', 'safety_score', { dangerStatement: danger, meeting: first, score: 6, date: '2026-12-01' }, { who: 'Anna', reason: 'Geen geschreeuw meer gehoord.' });
    const nextA = addItem(mine.doc, 'plan', 'section_monitoring', 'meeting', { date: '2027-01-05' }, { place: 'Buurthuis' });

    // Bram, at the same time: writes what changed, makes oma a safety person, moves Els, scores, plans too.
    appendToField(theirs.doc, first, 'meeting', 'changed', 'Oma belt twee keer per week.');
    setAttr(theirs.doc, oma, 'isSafetyPerson', true);
    setAttr(theirs.doc, els, 'circle', 'part');
    setAttr(theirs.doc, first, 'nextDate', '2027-01-05');
    const scoreB = addItem(theirs.contributions, 'contributions', 'section_safety_scale', 'safety_score', { dangerStatement: danger, meeting: first, score: 5, date: '2026-12-01' }, { who: 'Bram', reason: 'Papa liep weg toen hij boos werd.' });
    const nextB = addItem(theirs.doc, 'plan', 'section_monitoring', 'meeting', { date: '2027-01-12', time: '10:00' }, { place: 'Wijkteam' });

    // Carla, offline too: a score at the same meeting and a log entry with a drawing.
    const scoreC = addItem(hers.contributions, 'contributions', 'section_safety_scale', 'safety_score', { dangerStatement: danger, meeting: first, score: 7, date: '2026-12-01' }, { who: 'Carla', reason: 'Jan lacht weer op school.' });
    const drawing = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==';
    const logC = addItem(hers.contributions, 'contributions', 'section_safety_log', 'log_entry', { date: '2026-12-02', outcome: 'wentWell', drawing }, { author: 'Jan (via Carla)', what: 'Jan tekende zijn huis.' });

    net.heal('anna');
    net.heal('bram');
    net.heal('carla');
    await until(
      'all synced and the same',
      () => isSynced(mine) && isSynced(theirs) && isSynced(hers) && same(mine, theirs) && same(mine, hers),
      15_000,
      () => `${describeState(mine.state())} / ${describeState(theirs.state())} / ${describeState(hers.state())}`,
    );

    const merged = model(mine); // validates the whole plan against the schema
    const meetings = itemsOf(merged, 'meeting');
    expect(meetings.map((m) => m.id).sort()).toEqual([first, nextA, nextB].sort());
    const held = meetings.find((m) => m.id === first);
    expect(held?.fields).toMatchObject({ place: 'Bij oma', present: 'Mama, oma Truus', changed: 'Oma belt twee keer per week.' });
    expect(held?.attrs).toMatchObject({ date: '2026-12-01', time: '19:30', nextDate: '2027-01-05' });
    const scores = itemsOf(merged, 'safety_score');
    expect(scores.map((s) => [s.id, s.attrs.meeting, s.attrs.score, s.fields.who]).sort()).toEqual(
      [
        [scoreA, first, 6, 'Anna'],
        [scoreB, first, 5, 'Bram'],
        [scoreC, first, 7, 'Carla'],
      ].sort(),
    );
    expect(itemsOf(merged, 'log_entry').find((e) => e.id === logC)?.attrs.drawing).toBe(drawing);
    const people = new Map(itemsOf(merged, 'person').map((p) => [p.id, p.attrs]));
    // Different attrs of one person both stay; the same attr written twice ends the same on both devices.
    expect(people.get(oma)).toMatchObject({ circle: 'all', isSafetyPerson: true });
    expect(['none', 'part']).toContain(people.get(els)?.circle);
    expect(itemsOf(model(theirs), 'person').find((p) => p.id === els)?.attrs.circle).toBe(people.get(els)?.circle);
    expect(hers.membership.me().role).toBe('contributor');
    await Promise.all([mine.close(), theirs.close(), hers.close()]);
  });
});
