import { generateDeviceKeys, ready, toBase64Url } from '@safeplan/schema/crypto';
import { createInvite, encodeClientFrame, WIRE_VERSION, type WireErrorCode } from '@safeplan/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedMembershipRules } from '../auth/shared-membership-rules.ts';
import type { MembershipRules, PlanMembership } from '../auth/membership-rules.ts';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
let owner: RelayTestClient;
let plan: TestPlan;
/** A member whose role the rules below deny writing: v1 invites only grant editor. */
const readerKeys = { current: null as Uint8Array | null };

/** The shared rules, except that one named device is a reader. */
function rulesWithAReader(base: MembershipRules): MembershipRules {
  const withReader = (m: PlanMembership): PlanMembership => ({
    ...m,
    isMember: (d) => m.isMember(d),
    mayWrite: (d, channel) => m.mayWrite(d, channel) && !(readerKeys.current && toBase64Url(d) === toBase64Url(readerKeys.current)),
  });
  return {
    load: (events) => withReader(base.load(events)),
    append: (planId, events, current, event) => withReader(base.append(planId, events, current, event)),
  };
}

const relay = testRelayForThisFile({
  rules: rulesWithAReader(createSharedMembershipRules(sodium)),
  limits: { burstFrames: 10_000, framesPerSecond: 10_000 },
});

beforeAll(async () => {
  owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
  plan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
  owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
  await owner.next('ack');
});

afterAll(async () => {
  await owner.close();
});

async function expectError(client: RelayTestClient, code: WireErrorCode): Promise<void> {
  const frame = await client.next('error');
  expect(frame.code, frame.detail).toBe(code);
  expect(frame.detail.length).toBeGreaterThan(0);
}

async function fresh(): Promise<RelayTestClient> {
  return RelayTestClient.authenticated(relay.wsUrl, sodium);
}

describe('every bad input gets the error code of docs/protocol.md', () => {
  it('1 malformed: garbage, unknown frame types, truncated frames, text frames, presence in publish', async () => {
    const c = await fresh();
    for (const bytes of [new Uint8Array([]), new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array([99, 1, 2]), new Uint8Array([3, 16, 1])]) {
      c.sendRaw(bytes);
      await expectError(c, 'malformed');
    }
    c.sendRaw('hello as text');
    await expectError(c, 'malformed');
    c.send({ type: 'publish', envelope: new Uint8Array([1, 2, 3]) });
    await expectError(c, 'malformed');
    c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, c.device, { clock: 0, kind: 'presence' }) });
    await expectError(c, 'malformed');
    await c.close();
  });

  it('2 too-large: a frame over 1 MiB is answered; one past the hard cap closes the socket', async () => {
    const c = await fresh();
    c.send({ type: 'publish', envelope: new Uint8Array(1024 * 1024 + 1) });
    await expectError(c, 'too-large');
    c.sendRaw(new Uint8Array(5 * 1024 * 1024));
    await expect(c.next(undefined, 5000)).rejects.toThrow(/closed/);
  });

  it('3 not-authenticated: anything but hello/auth before ready', async () => {
    const c = await RelayTestClient.connect(relay.wsUrl, sodium);
    c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await expectError(c, 'not-authenticated');
    c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2 }) });
    await expectError(c, 'not-authenticated');
    c.send({ type: 'auth', signature: new Uint8Array(64) });
    await expectError(c, 'not-authenticated');
    await c.close();
  });

  it('4 bad-signature: a wrong auth signature, a forged envelope', async () => {
    const c = await RelayTestClient.connect(relay.wsUrl, sodium);
    c.send({ type: 'hello', author: c.device.sign.publicKey, version: WIRE_VERSION });
    await c.next('challenge');
    c.send({ type: 'auth', signature: sodium.randombytes_buf(64) });
    await expectError(c, 'bad-signature');
    c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await expectError(c, 'not-authenticated');
    await c.close();

    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    envelope[envelope.length - 1] = (envelope[envelope.length - 1] as number) ^ 1;
    owner.send({ type: 'publish', envelope });
    await expectError(owner, 'bad-signature');
  });

  it('5/6 no such plan and not a member get the same answer, so an outsider cannot tell whether a plan exists', async () => {
    const c = await fresh();
    const other = newTestPlan(sodium, c.device);
    const answers = [];
    for (const target of [other, plan]) {
      c.send({ type: 'subscribe', planId: target.planId, afterSeq: 0 });
      const { code, detail } = await c.next('error');
      c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, target, c.device, { clock: 1 }) });
      const published = await c.next('error');
      expect(published.ref).toEqual(target.planId);
      answers.push([code, detail, published.code, published.detail]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.[0]).toBe('not-a-member');
    expect(answers[0]?.[2]).toBe('not-a-member');
    await c.close();
  });

  it('7 not-allowed: a member whose role may not write', async () => {
    const readerDevice = generateDeviceKeys(sodium);
    readerKeys.current = readerDevice.sign.publicKey;
    const { invite, join: joinEvent } = inviteAndJoin(sodium, plan, owner.device, readerDevice);
    owner.send({ type: 'member-event', planId: plan.planId, event: invite });
    await owner.next('log');
    const reader = await RelayTestClient.authenticated(relay.wsUrl, sodium, readerDevice);
    reader.send({ type: 'member-event', planId: plan.planId, event: joinEvent });
    await reader.next('log');
    reader.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, readerDevice, { clock: 1 }) });
    await expectError(reader, 'not-allowed');
    await reader.close();
  });

  it('8 wrong-author: an envelope signed by another device than the connection', async () => {
    const c = await fresh();
    c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2 }) });
    await expectError(c, 'wrong-author');
    await c.close();
  });

  it('9 replayed, 10 clock-gap, 11 stale-epoch: clocks and epochs are checked', async () => {
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    await expectError(owner, 'replayed');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 4 }) });
    await expectError(owner, 'clock-gap');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2, epoch: 1 }) });
    await expectError(owner, 'stale-epoch');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2 }) });
    expect((await owner.next('ack')).clock).toBe(2);
  });

  it('12 stale-head, 13 invalid-event: member events are validated with the shared rules', async () => {
    const now = Date.now();
    // Built on the genesis state although the log has moved on.
    const stale = createInvite(sodium, plan.state, { inviter: owner.device, epochKey: plan.epochKey, expiresAt: now + 60_000, now });
    owner.send({ type: 'member-event', planId: plan.planId, event: stale.event });
    await expectError(owner, 'stale-head');

    owner.send({ type: 'member-event', planId: plan.planId, event: new Uint8Array([1, 2, 3]) });
    await expectError(owner, 'invalid-event');
    const other = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: sodium.randombytes_buf(16), event: other.genesis });
    await expectError(owner, 'invalid-event');
    const outsiderGenesis = newTestPlan(sodium, generateDeviceKeys(sodium));
    const tampered = outsiderGenesis.genesis.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    owner.send({ type: 'member-event', planId: outsiderGenesis.planId, event: tampered });
    await expectError(owner, 'invalid-event');
  });

  it('keeps serving after all of that', async () => {
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 1 });
    const log = await owner.next('log');
    expect(log.events.length).toBe(3);
    expect((await owner.next('deliver')).seq).toBe(2);
    expect((await owner.next('caught-up')).seq).toBe(2);
    const res = await fetch(`${relay.url.replace('localhost', '127.0.0.1')}/healthz`);
    expect(res.status).toBe(200);
  });

  it('answers a frame of every client type with a frame, never silence', async () => {
    const c = await RelayTestClient.connect(relay.wsUrl, sodium);
    for (const type of [3, 4, 5, 6, 7]) {
      c.sendRaw(encodeClientFrame({ type: 'unsubscribe', planId: plan.planId }).map((b, i) => (i === 0 ? type : b)));
      expect((await c.next('error')).code).toMatch(/malformed|not-authenticated/);
    }
    await c.close();
  });
});

