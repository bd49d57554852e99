import { ready, toBase64Url } from '@safeplan/schema/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { appMessagesEn, appMessagesNl } from '../../client/src/app/i18n/app-messages.ts';
import { QUOTA_PROBLEMS } from '../../client/src/sync/quota-problems.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../../server/src/testing/relay-test-client.ts';
import { startRelay, type TestRelay, type TestRelayOptions } from '../support/relay.ts';

const sodium = await ready();
const KIB = 1024;
let relay: TestRelay | undefined;

afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function relayWith(limits: TestRelayOptions['limits']): Promise<TestRelay> {
  relay = await startRelay({ limits: { burstFrames: 10_000, framesPerSecond: 10_000, ...limits } });
  return relay;
}

async function ownerOfNewPlan(r: TestRelay, url = r.wsUrl): Promise<{ owner: RelayTestClient; plan: TestPlan }> {
  const owner = await RelayTestClient.authenticated(url, sodium);
  const plan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
  return { owner, plan };
}

const limitLines = (r: TestRelay, code: string) => r.logEvents().filter((e) => e.event === 'limit.hit' && e.code === code);

async function refusals(r: TestRelay, code: string): Promise<number> {
  const text = await (await fetch(`${r.url}/metrics`)).text();
  return Number(new RegExp(`^safeplan_relay_refusals_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

describe('quotas are enforced and explained', () => {
  it('refuses an envelope above the envelope size with too-large, and takes the next small one', async () => {
    const r = await relayWith({ maxEnvelopeBytes: 64 * KIB });
    const { owner, plan } = await ownerOfNewPlan(r);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1, plaintext: new Uint8Array(100 * KIB) }) });
    expect(await owner.next('error')).toMatchObject({ code: 'too-large', ref: plan.planId });
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1, plaintext: new Uint8Array(10 * KIB) }) });
    expect((await owner.next('ack')).clock).toBe(1);
    expect(await refusals(r, 'too-large')).toBe(1);
    await owner.close();
  });

  it('refuses updates once the plan holds its bytes (plan-full), lets a new version through, and then takes updates again', async () => {
    const r = await relayWith({ maxPlanBytes: 200 * KIB });
    const { owner, plan } = await ownerOfNewPlan(r);
    const update = (clock: number) => sealTestEnvelope(sodium, plan, owner.device, { clock, plaintext: new Uint8Array(80 * KIB) });
    owner.send({ type: 'publish', envelope: update(1) });
    owner.send({ type: 'publish', envelope: update(2) });
    const seqs = [(await owner.next('ack')).seq, (await owner.next('ack')).seq];
    owner.send({ type: 'publish', envelope: update(3) });
    expect(await owner.next('error')).toMatchObject({ code: 'plan-full', ref: plan.planId });

    // The owner sets a new version: a snapshot covering both updates, which the relay then prunes.
    const snapshot = sealTestEnvelope(sodium, plan, owner.device, { clock: 1, kind: 'snapshot', coversUpTo: seqs[1], plaintext: new Uint8Array(60 * KIB) });
    owner.send({ type: 'publish', envelope: snapshot });
    await owner.next('ack');
    owner.send({ type: 'publish', envelope: update(3) });
    expect((await owner.next('ack')).clock).toBe(3);

    // The log line says what and how much, never which plan or whose key.
    const [line] = limitLines(r, 'plan-full');
    expect(line).toMatchObject({ code: 'plan-full', limit: 200 * KIB, bytes: expect.any(Number), planBytes: expect.any(Number) });
    const text = JSON.stringify(line);
    expect(text).not.toContain(toBase64Url(plan.planId));
    expect(text).not.toContain(toBase64Url(owner.device.sign.publicKey));
    expect(await refusals(r, 'plan-full')).toBe(1);
    await owner.close();
  });

  it('limits new plans per key and per address per day (quota-exceeded)', async () => {
    const r = await relayWith({ maxPlansPerKeyPerDay: 2, maxPlansPerAddressPerDay: 3 });
    const one = await RelayTestClient.authenticated(r.wsUrl, sodium);
    const create = async (c: RelayTestClient) => {
      const plan = newTestPlan(sodium, c.device);
      c.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
      const frame = await c.next();
      return frame.type === 'error' ? frame.code : frame.type;
    };
    expect([await create(one), await create(one), await create(one)]).toEqual(['log', 'log', 'quota-exceeded']);
    // Another key from the same address: one more plan fits the address's 3, then no more.
    const two = await RelayTestClient.authenticated(r.wsUrl, sodium);
    expect([await create(two), await create(two)]).toEqual(['log', 'quota-exceeded']);
    const lines = limitLines(r, 'quota-exceeded');
    expect(lines.map((l) => [l.plansByKey, l.plansByAddress])).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(JSON.stringify(lines)).not.toContain('127.0.0.1');
    await Promise.all([one.close(), two.close()]);
  });

  it('creates plans only with a creation token when the operator asks for one (token-required)', async () => {
    const r = await relayWith({ creationTokens: ['region-token-1', 'region-token-2'] });
    const without = await RelayTestClient.authenticated(r.wsUrl, sodium);
    const plan = newTestPlan(sodium, without.device);
    without.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    expect(await without.next('error')).toMatchObject({ code: 'token-required' });
    const wrong = await RelayTestClient.authenticated(`${r.wsUrl}?creation-token=guess`, sodium, without.device);
    wrong.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    expect(await wrong.next('error')).toMatchObject({ code: 'token-required' });
    const { owner } = await ownerOfNewPlan(r, `${r.wsUrl}?creation-token=region-token-2`);
    // Joining and writing need no token: only creating a plan does.
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, newTestPlan(sodium, owner.device), owner.device, { clock: 1 }) });
    expect((await owner.next('error')).code).toBe('not-a-member');
    expect(JSON.stringify(r.logEvents())).not.toContain('region-token');
    await Promise.all([without.close(), wrong.close(), owner.close()]);
  });

  it('keeps a bounded plan cache: member logs past its size are dropped and read again when used', async () => {
    const r = await relayWith({ planCacheSize: 2 });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await ownerOfNewPlan(r));
    const cached = async () => Number(/^safeplan_relay_plan_cache_entries (\d+)$/m.exec(await (await fetch(`${r.url}/metrics`)).text())?.[1]);
    expect(await cached()).toBe(2);
    // The first plan's log left the cache; it still works.
    const { owner, plan } = made[0]!;
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    expect((await owner.next('ack')).clock).toBe(1);
    expect(await cached()).toBe(2);
    await Promise.all(made.map((m) => m.owner.close()));
  });

  it('has plain words in Dutch and English for every refusal the app can get from a quota', () => {
    for (const problem of Object.values(QUOTA_PROBLEMS)) {
      const key = `sync.problem.${problem}` as keyof typeof appMessagesNl;
      expect(appMessagesNl[key], key).toBeTruthy();
      expect(appMessagesEn[key], key).toBeTruthy();
    }
    expect(appMessagesNl['sync.problem.plan-full' as keyof typeof appMessagesNl]).toMatch(/te groot.*vraag de eigenaar om een nieuwe versie vast te stellen/is);
  });
});
