import { beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { aeadDecrypt, aeadEncrypt, generateDeviceKeys, generateEpochKey, NONCE_BYTES, ready, toBase64Url } from '@safeplan/schema/crypto';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { approvalStatus, endorseVersion } from '@safeplan/schema/review';
import type { ReviewMember } from '@safeplan/schema/review';
import { seedPlanDoc } from '../editor/seed.ts';
import { recordChanges } from './change-recorder.ts';
import { changesSince } from './changes-since.ts';
import { REVIEW_TYPES } from './review-doc.ts';
import { addItem, sync, typeInto } from './testing/plan-edits.ts';
import { endorsementsOf, fixVersionInDoc, readVersions, storeEndorsement, versionMark } from './versions-in-doc.ts';

let s: Sodium;
let owner: DeviceKeys;
let parent: DeviceKeys;
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
  parent = generateDeviceKeys(s);
  key = generateEpochKey(s);
  members = new Map([
    [toBase64Url(owner.sign.publicKey), { signKey: owner.sign.publicKey, personId: owner.sign.publicKey, role: 'owner', kind: 'professional', function: 'casusregisseur' }],
    [toBase64Url(parent.sign.publicKey), { signKey: parent.sign.publicKey, personId: parent.sign.publicKey, role: 'editor', kind: 'household' }],
  ]);
});

test('versions fixed in the document are numbered, verified on the other device, and endorsed there', () => {
  const clock = { t: 1_000 };
  const proDoc = new Y.Doc({ gc: false });
  const parentDoc = new Y.Doc({ gc: false });
  for (const d of [proDoc, parentDoc]) seedPlanDoc(d);
  recordChanges(parentDoc, { memberId: 'parent', now: () => clock.t });
  const id = addItem(parentDoc, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  sync(parentDoc, proDoc);

  const v1 = fixVersionInDoc(s, proDoc, { planId: 'p', title: 'Eerste netwerkberaad', date: '2025-01-10', signer: owner.sign, now: 2_000 }, seal, open);
  const v2 = fixVersionInDoc(s, proDoc, { planId: 'p', title: 'Tweede', date: '2025-02-10', signer: owner.sign, now: 3_000 }, seal, open);
  expect([v1.versionNo, v2.versionNo]).toEqual([1, 2]);
  sync(proDoc, parentDoc);

  const read = readVersions(s, parentDoc, 'p', members, open);
  expect(read.map((v) => (v.ok ? v.version.title : v.code))).toEqual(['Eerste netwerkberaad', 'Tweede']);
  expect(JSON.stringify(proDoc.getArray(REVIEW_TYPES.versions).toJSON())).not.toContain('Oma haalt');

  storeEndorsement(parentDoc, endorseVersion(s, v2, parent.sign, 4_000));
  storeEndorsement(parentDoc, endorseVersion(s, v2, parent.sign, 5_000));
  sync(parentDoc, proDoc);
  const { endorsements } = endorsementsOf(proDoc, 2);
  expect(endorsements.map((e) => e.at)).toEqual([4_000]);
  expect(approvalStatus(s, v2, endorsements, members, false).endorsedBy).toHaveLength(1);

  // "What changed since version 2" uses the version's own snapshot as the mark.
  clock.t = 6_000;
  typeInto(parentDoc, id, 'what', 17, ' Op dinsdag.');
  sync(parentDoc, proDoc);
  const since = changesSince(proDoc, 'plan', versionMark(v2));
  expect(since.flatMap((x) => x.items)[0]?.fields[0]?.runs.at(-1)).toEqual({ kind: 'inserted', text: ' Op dinsdag.', by: { member: 'parent', at: 6_000 } });
});

test('a tampered or foreign entry in the versions list is flagged with its reason, the good ones still read', () => {
  const doc = new Y.Doc({ gc: false });
  seedPlanDoc(doc);
  fixVersionInDoc(s, doc, { planId: 'p', title: 'V1', date: '2025-01-10', signer: owner.sign, now: 1 }, seal, open);
  const good = doc.getArray<Uint8Array>(REVIEW_TYPES.versions).get(0);
  const flipped = good.slice();
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
  doc.getArray<unknown>(REVIEW_TYPES.versions).push([flipped, 'garbage']);
  fixVersionInDoc(s, doc, { planId: 'p', title: 'Door ouder', date: '2025-01-11', signer: parent.sign, now: 2 }, seal, open);

  const read = readVersions(s, doc, 'p', members, open);
  expect(read.map((v) => (v.ok ? `ok:${v.version.versionNo}` : v.code))).toEqual(['ok:1', 'unreadable', 'malformed', 'not-an-owner']);
  doc.getMap<unknown>(REVIEW_TYPES.endorsements).set('1/x', new Uint8Array([9]));
  expect(endorsementsOf(doc, 1)).toEqual({ endorsements: [], malformed: 1 });
});
