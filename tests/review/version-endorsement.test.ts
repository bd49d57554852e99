import { beforeAll, describe, expect, test } from 'vitest';
import {
  aeadDecrypt,
  aeadEncrypt,
  generateDeviceKeys,
  generateEpochKey,
  NONCE_BYTES,
  ready,
  signDetached,
  SIGN_DOMAINS,
  toBase64Url,
} from '@safeplan/schema/crypto';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
type JSONContent = ReturnType<typeof planJSONWith>;
import {
  approvalStatus,
  decodeEndorsement,
  decodeVersion,
  diffVersions,
  encodeEndorsement,
  encodeVersion,
  endorseVersion,
  fixVersion,
  openVersion,
  planContentHash,
  sealVersion,
  verifyEndorsement,
  verifyVersion,
  versionNotice,
} from '@safeplan/schema/review';
import type { Endorsement, PlanVersion, ReviewMember, ReviewErrorCode } from '@safeplan/schema/review';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { recordChanges } from '../../client/src/review/change-recorder.ts';
import { CONTRIBUTIONS_FRAGMENT, REVIEW_TYPES } from '../../client/src/review/review-doc.ts';
import { addItem, planNow, seededDocs, sync } from '../../client/src/review/testing/plan-edits.ts';
import { endorsementsOf, fixVersionInDoc, readVersions, storeEndorsement } from '../../client/src/review/versions-in-doc.ts';

let s: Sodium;
let keys: Record<'owner' | 'parent' | 'parentTablet' | 'youthProtector' | 'grandma' | 'outsider', DeviceKeys>;
let members: Map<string, ReviewMember>;
let planKey: Uint8Array;
const PLAN_ID = 'plan-1';
const AD = new TextEncoder().encode('safeplan/version/v1');

const seal = (bytes: Uint8Array) => {
  const nonce = s.randombytes_buf(NONCE_BYTES);
  const out = aeadEncrypt(s, planKey, nonce, AD, bytes);
  const sealed = new Uint8Array(NONCE_BYTES + out.length);
  sealed.set(nonce);
  sealed.set(out, NONCE_BYTES);
  return sealed;
};
const open = (sealed: Uint8Array) => aeadDecrypt(s, planKey, sealed.slice(0, NONCE_BYTES), AD, sealed.slice(NONCE_BYTES));

function member(k: DeviceKeys, rest: Omit<ReviewMember, 'signKey' | 'personId'>, person: DeviceKeys = k): [string, ReviewMember] {
  return [toBase64Url(k.sign.publicKey), { signKey: k.sign.publicKey, personId: person.sign.publicKey, ...rest }];
}

const agreement = newItemJSON('agreement', {}, { what: 'Papa belt oma als hij boos wordt.', who: 'Papa' });
const goal = newItemJSON('safety_goal', { termDate: '2025-03-01' }, { text: 'Jan voelt zich veilig thuis.' });
const planV1: JSONContent = planJSONWith([agreement, goal]);

function fix(plan: JSONContent = planV1, by: DeviceKeys = keys.owner, versionNo = 1): PlanVersion {
  return fixVersion(s, { planId: PLAN_ID, versionNo, title: 'Na netwerkberaad', date: '2025-01-15', plan, signer: by.sign, now: 1_000 });
}

function refusedWith(check: { ok: boolean; code?: ReviewErrorCode }): ReviewErrorCode | 'accepted' {
  return check.ok ? 'accepted' : (check.code ?? 'accepted');
}

beforeAll(async () => {
  s = await ready();
  keys = {
    owner: generateDeviceKeys(s),
    parent: generateDeviceKeys(s),
    parentTablet: generateDeviceKeys(s),
    youthProtector: generateDeviceKeys(s),
    grandma: generateDeviceKeys(s),
    outsider: generateDeviceKeys(s),
  };
  members = new Map([
    member(keys.owner, { role: 'owner', kind: 'professional', function: 'casusregisseur' }),
    member(keys.parent, { role: 'editor', kind: 'household' }),
    member(keys.parentTablet, { role: 'editor', kind: 'household' }, keys.parent),
    // Contributors write the contributions document, where endorsements live: so they can endorse.
    member(keys.youthProtector, { role: 'contributor', kind: 'professional', function: 'jeugdbescherming' }),
    member(keys.grandma, { role: 'contributor', kind: 'network' }),
  ]);
  planKey = generateEpochKey(s);
});

describe('a fixed version is immutable, encrypted and identified by its hash', () => {
  test('an owner fixes a version; it opens with the plan key and verifies', () => {
    const version = fix();
    expect(version.contentHash).toEqual(planContentHash(s, planV1));
    const sealed = sealVersion(version, seal);
    expect(new TextDecoder().decode(sealed)).not.toContain('Papa belt oma');
    const opened = openVersion(sealed, open);
    const check = verifyVersion(s, opened, members, { planId: PLAN_ID, versionNo: 1 });
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.model).toEqual(planModelFromJSON(planV1));
      expect(check.version.title).toBe('Na netwerkberaad');
      expect(check.fixer.role).toBe('owner');
    }
  });

  test('content that does not match its hash is refused', () => {
    const version = fix();
    const tampered = { ...version, content: version.content.replace('Papa belt oma', 'Papa belt niemand') };
    expect(refusedWith(verifyVersion(s, tampered, members, { planId: PLAN_ID }))).toBe('content-mismatch');
  });

  test('content swapped together with a recomputed hash is refused: the owner signed the old hash', () => {
    const other = planJSONWith([newItemJSON('agreement', {}, { what: 'Niemand hoeft iets te doen.' })]);
    const forged = { ...fix(), content: fix(other).content, contentHash: planContentHash(s, other) };
    expect(refusedWith(verifyVersion(s, forged, members, { planId: PLAN_ID }))).toBe('bad-signature');
  });

  test('a version fixed by a non-owner or a non-member, or for another plan, is refused', () => {
    expect(refusedWith(verifyVersion(s, fix(planV1, keys.parent), members, { planId: PLAN_ID }))).toBe('not-an-owner');
    expect(refusedWith(verifyVersion(s, fix(planV1, keys.outsider), members, { planId: PLAN_ID }))).toBe('not-a-member');
    expect(refusedWith(verifyVersion(s, fix(), members, { planId: 'other-plan' }))).toBe('wrong-version');
    expect(refusedWith(verifyVersion(s, fix(), members, { planId: PLAN_ID, versionNo: 2 }))).toBe('wrong-version');
  });

  test('a hash-consistent version whose content is not a valid plan is refused', () => {
    const version = fix();
    const content = '{"type":"doc"}';
    const bad = { ...version, content, contentHash: s.crypto_generichash(32, new TextEncoder().encode(content), null) };
    expect(refusedWith(verifyVersion(s, bad, members, { planId: PLAN_ID }))).toBe('invalid-plan');
  });

  test('fixing refuses an invalid plan, a bad date or an empty title before anything is signed', () => {
    const base = { planId: PLAN_ID, versionNo: 1, title: 'V1', date: '2025-01-15', plan: planV1, signer: keys.owner.sign, now: 1 };
    expect(() => fixVersion(s, { ...base, plan: { type: 'doc' } })).toThrow(/invalid-plan/);
    expect(() => fixVersion(s, { ...base, date: '2025-02-30' })).toThrow(/malformed: date/);
    expect(() => fixVersion(s, { ...base, title: '  ' })).toThrow(/malformed: a version needs a title/);
  });

  test('any flipped byte of a sealed version makes it unreadable (seeded)', () => {
    const seed = Number(process.env.REVIEW_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const sealed = sealVersion(fix(), seal);
    try {
      for (let i = 0; i < 50; i++) {
        const bad = sealed.slice();
        const at = Math.floor(random() * bad.length);
        bad[at] = (bad[at] ?? 0) ^ (1 + Math.floor(random() * 255));
        expect(() => openVersion(bad, open)).toThrow(/unreadable/);
      }
    } catch (err) {
      console.error(`sealed-version tamper test failed with seed ${seed} (rerun with REVIEW_SEED=${seed})`);
      throw err;
    }
  });

  test('a version decodes to exactly what was encoded, and garbage is malformed', () => {
    const version = fix();
    expect(decodeVersion(encodeVersion(version))).toEqual(version);
    expect(() => decodeVersion(new Uint8Array([1, 2, 3]))).toThrow(/malformed/);
    expect(() => decodeVersion(new Uint8Array([...encodeVersion(version), 0]))).toThrow(/malformed/);
  });
});

describe('members endorse a version with a signature', () => {
  test('a member endorsement verifies and says who and when', () => {
    const version = fix();
    const e = endorseVersion(s, version, keys.parent.sign, 2_000);
    const check = verifyEndorsement(s, decodeEndorsement(encodeEndorsement(e)), version, members);
    expect(check.ok).toBe(true);
    if (check.ok) expect([check.member.kind, check.endorsement.at]).toEqual(['household', 2_000]);
  });

  test('forged endorsements are refused, each with its reason', () => {
    const version = fix();
    const good = endorseVersion(s, version, keys.parent.sign, 2_000);
    const byOutsider = endorseVersion(s, version, keys.outsider.sign, 2_000);
    const claimsParent: Endorsement = { ...byOutsider, signer: keys.parent.sign.publicKey };
    const movedInTime: Endorsement = { ...good, at: 9_000 };
    const forVersionTwo = { ...version, versionNo: 2 };
    const otherContent = { ...version, contentHash: planContentHash(s, planJSONWith([])) };
    const message = encodeEndorsement(good);
    const otherDomain: Endorsement = { ...good, signature: signDetached(s, SIGN_DOMAINS.memberEvent, message, keys.parent.sign.privateKey) };

    expect(refusedWith(verifyEndorsement(s, byOutsider, version, members))).toBe('not-a-member');
    expect(refusedWith(verifyEndorsement(s, claimsParent, version, members))).toBe('bad-signature');
    expect(refusedWith(verifyEndorsement(s, movedInTime, version, members))).toBe('bad-signature');
    expect(refusedWith(verifyEndorsement(s, otherDomain, version, members))).toBe('bad-signature');
    expect(refusedWith(verifyEndorsement(s, good, forVersionTwo, members))).toBe('wrong-version');
    expect(refusedWith(verifyEndorsement(s, good, otherContent, members))).toBe('wrong-version');
    expect(() => decodeEndorsement(message.slice(0, 20))).toThrow(/malformed/);
  });

  test('under youth protection a version is approved only once the youth protector endorsed it', () => {
    const version = fix();
    const byParent = endorseVersion(s, version, keys.parent.sign, 2_000);
    const byOwner = endorseVersion(s, version, keys.owner.sign, 2_500);
    const forgedYouthProtector: Endorsement = { ...endorseVersion(s, version, keys.outsider.sign, 2_600), signer: keys.youthProtector.sign.publicKey };

    const waiting = approvalStatus(s, version, [byParent, byOwner, forgedYouthProtector], members, true);
    expect(waiting.approved).toBe(false);
    expect(waiting.waitingFor).toBe('youth-protection');
    expect(waiting.endorsedBy.map((e) => e.kind)).toEqual(['household', 'professional']);
    expect(waiting.refused.map((r) => r.code)).toEqual(['bad-signature']);

    const byYouthProtector = endorseVersion(s, version, keys.youthProtector.sign, 3_000);
    const approved = approvalStatus(s, version, [byParent, byOwner, byYouthProtector], members, true);
    expect(approved).toMatchObject({ approved: true, waitingFor: null });
    expect(approved.endorsedBy.at(-1)).toMatchObject({ function: 'jeugdbescherming', at: 3_000 });

    expect(approvalStatus(s, version, [byParent], members, false).approved).toBe(true);
  });

  test('one person endorsing from two devices counts once, with the earliest time', () => {
    const version = fix();
    const phone = endorseVersion(s, version, keys.parent.sign, 4_000);
    const tablet = endorseVersion(s, version, keys.parentTablet.sign, 3_000);
    const status = approvalStatus(s, version, [phone, tablet], members, false);
    expect(status.endorsedBy).toHaveLength(1);
    expect(status.endorsedBy[0]).toMatchObject({ personId: toBase64Url(keys.parent.sign.publicKey), at: 3_000 });
  });
});

describe('comparing two versions', () => {
  test('a readable per-section diff: items added, removed and changed, with word-level changes', () => {
    const changedAgreement = { ...agreement, content: newItemJSON('agreement', {}, { what: 'Papa belt de buurman als hij boos wordt.', who: 'Papa' }).content };
    const changedGoal = { ...goal, attrs: { ...goal.attrs, termDate: '2025-04-01' } };
    const log = newItemJSON('log_entry', { outcome: 'wentWell' }, { what: 'Rustige week.' });
    const v1 = fix(planV1);
    const v2 = fix(planJSONWith([changedAgreement, log]), keys.owner, 2);
    const diff = diffVersions(planModelFromJSON(planV1), planModelFromJSON(JSON.parse(v2.content)));

    expect(diff.map((d) => d.section)).toEqual(['safetyGoals', 'safetyAgreements', 'safetyLog']);
    expect(diff[0]?.items).toMatchObject([{ status: 'removed', itemId: goal.attrs?.id, fields: [{ field: 'text' }] }]);
    expect(diff[1]?.items).toEqual([
      {
        status: 'changed',
        itemId: agreement.attrs?.id,
        itemType: 'agreement',
        fields: [
          {
            field: 'what',
            runs: [
              { kind: 'same', text: 'Papa belt ' },
              { kind: 'removed', text: 'oma' },
              { kind: 'added', text: 'de buurman' },
              { kind: 'same', text: ' als hij boos wordt.' },
            ],
          },
        ],
        attrs: [],
      },
    ]);
    expect(diff[2]?.items[0]).toMatchObject({ status: 'added', attrs: [{ attr: 'outcome', before: null, after: 'wentWell' }] });

    const goalOnly = diffVersions(planModelFromJSON(planV1), planModelFromJSON(planJSONWith([agreement, changedGoal])));
    expect(goalOnly).toEqual([
      {
        section: 'safetyGoals',
        items: [{ status: 'changed', itemId: goal.attrs?.id, itemType: 'safety_goal', fields: [], attrs: [{ attr: 'termDate', before: '2025-03-01', after: '2025-04-01' }] }],
      },
    ]);
    expect(diffVersions(planModelFromJSON(planV1), planModelFromJSON(planV1))).toEqual([]);

    const notice = versionNotice(v2, v1, diff);
    expect(notice).toMatchObject({ versionNo: 2, previousVersionNo: 1, totals: { added: 1, removed: 1, changed: 1 } });
    expect(notice.sections.map((x) => x.section)).toEqual(['safetyGoals', 'safetyAgreements', 'safetyLog']);
  });
});

describe('a plan written as two documents', () => {
  test('the version holds the whole plan, a contributor\'s log entry included, and a contributor\'s endorsement counts', () => {
    const owner = seededDocs();
    const grandma = seededDocs();
    recordChanges(grandma.contributions, { memberId: 'grandma', fragmentName: CONTRIBUTIONS_FRAGMENT });
    addItem(owner, 'safetyAgreements', 'agreement', { what: 'Papa belt oma als hij boos wordt.' });
    sync(owner, grandma);
    addItem(grandma, 'safetyLog', 'log_entry', { what: 'Papa belde. Het ging goed.' }, { outcome: 'wentWell' });
    sync(grandma, owner);

    const version = fixVersionInDoc(s, owner, { planId: PLAN_ID, title: 'Na netwerkberaad', date: '2025-01-15', signer: keys.owner.sign, now: 1_000 }, seal, open);
    expect(version.contentHash).toEqual(planContentHash(s, planNow(owner).toJSON()));
    expect(planModelFromJSON(JSON.parse(version.content)).safetyLog.map((e) => e.fields.what)).toEqual(['Papa belde. Het ging goed.']);
    sync(owner, grandma);
    const [read] = readVersions(s, grandma.plan, PLAN_ID, members, open);
    expect(read?.ok).toBe(true);

    // Under youth protection both contributors endorse in the contributions document; the youth protector's makes it count.
    storeEndorsement(grandma.contributions, endorseVersion(s, version, keys.grandma.sign, 2_000));
    storeEndorsement(grandma.contributions, endorseVersion(s, version, keys.youthProtector.sign, 3_000));
    expect(grandma.plan.getMap(REVIEW_TYPES.endorsements).size).toBe(0);
    sync(grandma, owner);
    const status = approvalStatus(s, version, endorsementsOf(owner.contributions, 1).endorsements, members, true);
    expect(status).toMatchObject({ approved: true, waitingFor: null });
    expect(status.endorsedBy.map((e) => e.kind)).toEqual(['network', 'professional']);
  });
});
