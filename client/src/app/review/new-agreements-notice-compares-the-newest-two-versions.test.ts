import { beforeAll, expect, test } from 'vitest';
import { aeadDecrypt, aeadEncrypt, generateDeviceKeys, generateEpochKey, NONCE_BYTES, ready, toBase64Url } from '@safeplan/schema/crypto';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { diffVersions, endorseVersion } from '@safeplan/schema/review';
import type { Endorsement, PlanVersion, ReviewMember, VersionHeader } from '@safeplan/schema/review';
import { SECTION_ORDER } from '@safeplan/schema/plan';
import type { SectionKey } from '@safeplan/schema/plan';
import { fixVersionInDoc, REVIEW_TYPES, storeEndorsement } from '../../review/index.ts';
import type { PlanDocs } from '../../review/index.ts';
import { addItem, seededDocs, typeInto } from '../../review/testing/plan-edits.ts';
import { setUnderYouthProtection } from './review-flags.ts';
import type { ReviewSigning } from './review-signing.ts';
import { currentModel, latestNotice, readShownVersions } from './versions-state.ts';

let s: Sodium;
let owner: DeviceKeys;
let youthProtector: DeviceKeys;
let key: Uint8Array;
let members: Map<string, ReviewMember>;
const AD = new TextEncoder().encode('test-version');

beforeAll(async () => {
  s = await ready();
  owner = generateDeviceKeys(s);
  youthProtector = generateDeviceKeys(s);
  key = generateEpochKey(s);
  members = new Map([
    [toBase64Url(owner.sign.publicKey), { signKey: owner.sign.publicKey, personId: owner.sign.publicKey, role: 'owner', kind: 'network' }],
    [
      toBase64Url(youthProtector.sign.publicKey),
      { signKey: youthProtector.sign.publicKey, personId: youthProtector.sign.publicKey, role: 'editor', kind: 'professional', function: 'jeugdbescherming' },
    ],
  ]);
});

/** What the engine does behind session.review, with real libsodium and a real epoch key. */
function signingFor(docs: PlanDocs, signer: DeviceKeys, now: () => number): ReviewSigning {
  const open = (b: Uint8Array) => aeadDecrypt(s, key, b.slice(0, NONCE_BYTES), AD, b.slice(NONCE_BYTES));
  const seal = (b: Uint8Array) => {
    const n = s.randombytes_buf(NONCE_BYTES);
    return new Uint8Array([...n, ...aeadEncrypt(s, key, n, AD, b)]);
  };
  return {
    open,
    members: () => members,
    membersForVersion: () => members,
    fixVersion: async ({ title, date }): Promise<PlanVersion> => fixVersionInDoc(s, docs, { planId: 'plan', title, date, signer: signer.sign, now: now() }, seal, open),
    endorse: async (v: VersionHeader): Promise<Endorsement> => {
      const e = endorseVersion(s, v, signer.sign, now());
      storeEndorsement(docs.contributions, e);
      return e;
    },
  };
}

test('the notice says what changed between the newest version and the one before, per section, in both documents', async () => {
  const docs = seededDocs();
  const signing = signingFor(docs, owner, () => 1_000);
  expect(latestNotice(readShownVersions(s, docs, 'plan', members, signing))).toBeNull();

  const id = addItem(docs, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  await signing.fixVersion({ title: 'Eerste beraad', date: '2026-03-01' });
  const first = latestNotice(readShownVersions(s, docs, 'plan', members, signing));
  expect(first?.notice).toMatchObject({ versionNo: 1, previousVersionNo: null, sections: [] });

  typeInto(docs, id, 'what', 'Oma haalt Jan op.'.length, ' Elke dinsdag.');
  addItem(docs, 'network', 'person', { name: 'Oma' });
  addItem(docs, 'safetyLog', 'log_entry', { what: 'Oma haalde Jan op.' });
  await signing.fixVersion({ title: 'Tweede beraad', date: '2026-04-01' });
  const second = latestNotice(readShownVersions(s, docs, 'plan', members, signing));
  expect(second?.notice.versionNo).toBe(2);
  expect(second?.notice.previousVersionNo).toBe(1);
  // In the plan's own order of sections, whatever order the edits came in.
  const expected = [
    { section: 'network', added: 1, removed: 0, changed: 0 },
    { section: 'safetyAgreements', added: 0, removed: 0, changed: 1 },
    { section: 'safetyLog', added: 1, removed: 0, changed: 0 },
  ].sort((a, b) => SECTION_ORDER.indexOf(a.section as SectionKey) - SECTION_ORDER.indexOf(b.section as SectionKey));
  expect(second?.notice.sections).toEqual(expected);
  expect(second?.notice.totals).toEqual({ added: 2, removed: 0, changed: 1 });

  // "Compare with the plan now" reads both documents too.
  addItem(docs, 'safetyLog', 'log_entry', { what: 'Rustige week.' });
  const v2 = readShownVersions(s, docs, 'plan', members, signing).accepted[1];
  expect(v2 && diffVersions(v2.model, currentModel(docs)).map((d) => d.section)).toEqual(['safetyLog']);
});

test('under youth protection a version counts only once the youth protector endorsed it; a tampered version is flagged, not shown', async () => {
  const docs = seededDocs();
  const ownerSigning = signingFor(docs, owner, () => 2_000);
  const v1 = await ownerSigning.fixVersion({ title: 'Beraad', date: '2026-03-01' });
  setUnderYouthProtection(docs.plan, true);
  await ownerSigning.endorse(v1);
  let shown = readShownVersions(s, docs, 'plan', members, ownerSigning).accepted[0];
  expect(shown?.approval).toMatchObject({ approved: false, waitingFor: 'youth-protection' });

  await signingFor(docs, youthProtector, () => 3_000).endorse(v1);
  shown = readShownVersions(s, docs, 'plan', members, ownerSigning).accepted[0];
  expect(shown?.approval.approved).toBe(true);
  expect(shown?.approval.endorsedBy.map((e) => e.at)).toEqual([2_000, 3_000]);

  // Bytes that do not open with the plan key: kept, flagged with a reason, never counted as a version.
  docs.plan.getArray<Uint8Array>(REVIEW_TYPES.versions).push([new Uint8Array(80).fill(7)]);
  const view = readShownVersions(s, docs, 'plan', members, ownerSigning);
  expect(view.accepted.map((v) => v.version.versionNo)).toEqual([1]);
  expect(view.refused.map((r) => r.code)).toEqual(['unreadable']);
});
