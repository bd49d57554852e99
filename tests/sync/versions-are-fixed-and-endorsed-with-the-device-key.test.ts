import { describe, expect, it } from 'vitest';
import { ready, toBase64Url } from '@safeplan/schema/crypto';
import { verifyEndorsement, type PlanVersion } from '@safeplan/schema/review';
import { seedPlanDoc } from '../../client/src/review/plan-seed.ts';
import { endorsementsOf, readVersions, REVIEW_TYPES } from '../../client/src/review/index.ts';
import { planWith, personIdOf, type Member } from '../members/support/members-world.ts';
import { until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

describe('session.review signs with the device key inside the engine', () => {
  it('an owner fixes, an editor endorses, others verify; readers and editors are refused; versions survive a key rotation', async () => {
    const s = await ready();
    const { owner: anna, members } = await planWith(net, { name: 'Anna' }, [
      { name: 'Bram', role: 'editor' },
      { name: 'Cas', role: 'reader' },
    ]);
    const [bram, cas] = members as [Member, Member];
    seedPlanDoc(anna.session.doc);
    const read = (m: Member) => readVersions(s, m.session.doc, m.session.planId, m.session.review.members(), m.session.review.open);

    const v1 = await anna.session.review.fixVersion({ title: 'Eerste netwerkberaad', date: '2026-03-02' });
    expect(v1.versionNo).toBe(1);
    expect(toBase64Url(v1.fixedBy)).toBe(anna.session.membership.me().deviceId);
    await until('bram has version 1', () => read(bram).length === 1);
    expect(read(bram).map((v) => (v.ok ? v.version.title : v.code))).toEqual(['Eerste netwerkberaad']);
    // Sealed under the epoch key: the document's version list holds no plan text.
    const sealed = anna.session.doc.getArray<Uint8Array>(REVIEW_TYPES.versions).get(0);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('Eerste netwerkberaad');

    // Bad input: a clear error and nothing written.
    await expect(anna.session.review.fixVersion({ title: ' ', date: '2026-03-02' })).rejects.toThrow(/title/);
    await expect(bram.session.review.fixVersion({ title: 'Mijn versie', date: '2026-03-02' })).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(cas.session.review.endorse(v1)).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(bram.session.review.endorse({ ...v1, planId: 'another-plan' })).rejects.toMatchObject({ code: 'invalid-event' });
    expect(anna.session.doc.getArray(REVIEW_TYPES.versions).length).toBe(1);

    const endorsement = await bram.session.review.endorse(v1);
    expect(toBase64Url(endorsement.signer)).toBe(bram.session.membership.me().deviceId);
    await until('anna has bram’s endorsement', () => endorsementsOf(anna.session.contributions, 1).endorsements.length === 1);
    const [stored] = endorsementsOf(anna.session.contributions, 1).endorsements;
    expect(verifyEndorsement(s, stored!, v1, anna.session.review.members())).toMatchObject({ ok: true });

    // After a removal (key rotation) version 1 still opens, and version 2 is sealed under the new epoch.
    await anna.session.membership.removePerson(personIdOf(cas));
    await until('bram is on the new epoch', () => bram.session.memberLog.state.epoch === 1);
    const v2: PlanVersion = await anna.session.review.fixVersion({ title: 'Tweede', date: '2026-04-02' });
    expect(v2.versionNo).toBe(2);
    await until('bram reads both versions', () => read(bram).filter((v) => v.ok).length === 2);
    await until('cas lost access', () => cas.session.revoked);
    await expect(cas.session.review.endorse(v2)).rejects.toMatchObject({ code: 'access-revoked' });
    await Promise.all([anna.session.close(), bram.session.close(), cas.session.close()]);
  });
});
