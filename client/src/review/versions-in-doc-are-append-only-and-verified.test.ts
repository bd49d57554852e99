import { beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { aeadDecrypt, aeadEncrypt, generateDeviceKeys, generateEpochKey, NONCE_BYTES, ready, toBase64Url } from '@safeplan/schema/crypto';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { approvalStatus, endorseVersion } from '@safeplan/schema/review';
import type { ReviewMember } from '@safeplan/schema/review';
import { recordChanges } from './change-recorder.ts';
import { changesSince } from './changes-since.ts';
import { decodePlanSnapshots } from './plan-snapshots.ts';
import { CONTRIBUTIONS_FRAGMENT, REVIEW_TYPES } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';
import { addItem, planNow, seededDocs, sync, typeInto } from './testing/plan-edits.ts';
import { endorsementsOf, fixVersionInDoc, readVersions, storeEndorsement, versionMark } from './versions-in-doc.ts';

let s: Sodium;
let owner: DeviceKeys;
let parent_: DeviceKeys;
let key: Uint8Array;
let members: Map<string, ReviewMember>;
const AD = new TextEncoder().encode('test-version');
const seal = (b: Uint8Array) => {
  const n = s.randombytes_buf(NONCE_BYTES);
  return new Uint8Array([...n, ...aeadEncrypt(s, key, n, AD, b)]);
};
const open = (b: Uint8Array) => aeadDecrypt(s, key, b.slice(0, NONCE_BYTES), AD, b.slice(NONCE_BYTES));

beforeAll(async () => {
  s = await ready();
  owner = generateDeviceKeys(s);
  parent_ = generateDeviceKeys(s);
  key = generateEpochKey(s);
  members = new Map([
    [toBase64Url(owner.sign.publicKey), { signKey: owner.sign.publicKey, personId: owner.sign.publicKey, role: 'owner', kind: 'professional', function: 'casusregisseur' }],
    [toBase64Url(parent_.sign.publicKey), { signKey: parent_.sign.publicKey, personId: parent_.sign.publicKey, role: 'editor', kind: 'household' }],
  ]);
});

function device(memberId: string, clock: { t: number }): PlanDocs {
  const docs = seededDocs();
  recordChanges(docs.plan, { memberId, now: () => clock.t });
  recordChanges(docs.contributions, { memberId, fragmentName: CONTRIBUTIONS_FRAGMENT, now: () => clock.t });
  return docs;
}

test('versions fix the whole plan into the plan document, are verified on the other device, and endorsed there in the contributions document', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  const parent = device('parent', clock);
  const id = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  const log = addItem(parent, 'safetyLog', 'log_entry', { what: 'Rustige week.' });
  sync(parent, pro);

  const v1 = fixVersionInDoc(s, pro, { planId: 'p', title: 'Eerste netwerkberaad', date: '2025-01-10', signer: owner.sign, now: 2_000 }, seal, open);
  const v2 = fixVersionInDoc(s, pro, { planId: 'p', title: 'Tweede', date: '2025-02-10', signer: owner.sign, now: 3_000 }, seal, open);
  expect([v1.versionNo, v2.versionNo]).toEqual([1, 2]);
  // The version holds both documents' sections: the plan text and the safety log.
  expect(JSON.parse(v1.content)).toEqual(planNow(pro).toJSON());
  expect(v1.content).toContain('Rustige week.');
  expect(pro.contributions.getArray(REVIEW_TYPES.versions).length).toBe(0);
  sync(pro, parent);

  const read = readVersions(s, parent.plan, 'p', members, open);
  expect(read.map((v) => (v.ok ? v.version.title : v.code))).toEqual(['Eerste netwerkberaad', 'Tweede']);
  expect(JSON.stringify(pro.plan.getArray(REVIEW_TYPES.versions).toJSON())).not.toContain('Oma haalt');

  const planBefore = Y.encodeStateVector(parent.plan);
  storeEndorsement(parent.contributions, endorseVersion(s, v2, parent_.sign, 4_000));
  storeEndorsement(parent.contributions, endorseVersion(s, v2, parent_.sign, 5_000));
  expect(Y.encodeStateVector(parent.plan)).toEqual(planBefore);
  sync(parent, pro);
  const { endorsements } = endorsementsOf(pro.contributions, 2);
  expect(endorsements.map((e) => e.at)).toEqual([4_000]);
  expect(approvalStatus(s, v2, endorsements, members, false).endorsedBy).toHaveLength(1);

  // "What changed since version 2" uses the version's own snapshots (one per document) as the mark.
  clock.t = 6_000;
  typeInto(parent, id, 'what', 17, ' Op dinsdag.');
  clock.t = 7_000;
  typeInto(parent, log, 'what', 13, ' Jan sliep goed.');
  sync(parent, pro);
  const since = changesSince(pro, versionMark(v2));
  expect(since.map((x) => x.section)).toEqual(['safetyAgreements', 'safetyLog']);
  expect(since.map((x) => x.items[0]?.fields[0]?.runs.at(-1))).toEqual([
    { kind: 'inserted', text: ' Op dinsdag.', by: { member: 'parent', at: 6_000 } },
    { kind: 'inserted', text: ' Jan sliep goed.', by: { member: 'parent', at: 7_000 } },
  ]);
});

test('a version snapshot from before the plan had two documents counts for the plan document; no snapshot means no mark', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  addItem(pro, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  const before = Y.snapshot(pro.plan);
  const v1 = fixVersionInDoc(s, pro, { planId: 'p', title: 'V1', date: '2025-01-10', signer: owner.sign, now: 1 }, seal, open);
  expect(decodePlanSnapshots(v1.snapshot)?.plan.sv).toEqual(before.sv);

  const bare = { ...v1, snapshot: Y.encodeSnapshot(Y.snapshot(pro.plan)) };
  addItem(pro, 'safetyLog', 'log_entry', { what: 'Rustige week.' });
  expect(changesSince(pro, versionMark(bare)).map((x) => x.section)).toEqual(['safetyLog']);
  expect(versionMark({ ...v1, snapshot: new Uint8Array(0) })).toBeNull();
});

test('a tampered or foreign entry in the versions list is flagged with its reason, the good ones still read', () => {
  const docs = seededDocs();
  fixVersionInDoc(s, docs, { planId: 'p', title: 'V1', date: '2025-01-10', signer: owner.sign, now: 1 }, seal, open);
  const doc = docs.plan;
  const good = doc.getArray<Uint8Array>(REVIEW_TYPES.versions).get(0);
  const flipped = good.slice();
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
  doc.getArray<unknown>(REVIEW_TYPES.versions).push([flipped, 'garbage']);
  fixVersionInDoc(s, docs, { planId: 'p', title: 'Door ouder', date: '2025-01-11', signer: parent_.sign, now: 2 }, seal, open);

  const read = readVersions(s, doc, 'p', members, open);
  expect(read.map((v) => (v.ok ? `ok:${v.version.versionNo}` : v.code))).toEqual(['ok:1', 'unreadable', 'malformed', 'not-an-owner']);
  docs.contributions.getMap<unknown>(REVIEW_TYPES.endorsements).set('1/x', new Uint8Array([9]));
  expect(endorsementsOf(docs.contributions, 1)).toEqual({ endorsements: [], malformed: 1 });
});

test('a plan document holding a section of the contributions document is refused as a version, and nothing is written', () => {
  const docs = seededDocs();
  // A safety log in the plan document: not a valid plan document, so not a valid full plan either.
  const wrong = { plan: new Y.Doc({ gc: false }), contributions: docs.contributions };
  wrong.plan.getXmlFragment('plan').insert(0, [new Y.XmlElement('section_safety_log')]);
  expect(() => fixVersionInDoc(s, wrong, { planId: 'p', title: 'V1', date: '2025-01-10', signer: owner.sign, now: 1 }, seal, open)).toThrow(
    expect.objectContaining({ code: 'invalid-plan' }),
  );
  expect(wrong.plan.getArray(REVIEW_TYPES.versions).length).toBe(0);
});
