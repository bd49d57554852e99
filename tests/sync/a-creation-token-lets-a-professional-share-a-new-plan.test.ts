import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { startRelay, type TestRelay } from '../support/relay.ts';
import { describeState, until } from './support/clients.ts';

const TOKEN = 'regio-utrecht-7f3a';
let relay: TestRelay | undefined;

afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** A tablet on the real relay whose WebSocket URLs are recorded (the token travels in them). */
function tablet(wsUrl: string, token: () => string | null) {
  const urls: string[] = [];
  class RecordingSocket extends WebSocket {
    constructor(url: string) {
      urls.push(url);
      super(url);
    }
  }
  const lib = createPlanLibrary({
    kv: createMemoryStore(),
    relayUrl: wsUrl,
    WebSocket: RecordingSocket as unknown as typeof globalThis.WebSocket,
    origin: 'https://safeplan.test',
    reconnect: { baseMs: 5, maxMs: 40 },
    relayTimeoutMs: 5_000,
    creationToken: token,
  });
  return { lib, urls };
}

describe('on a relay that creates plans only with a creation token', () => {
  it('refuses to share without the code, shares the same open plan once the code is entered, and a second device joins', async () => {
    relay = await startRelay({ limits: { creationTokens: [TOKEN] } });
    let token: string | null = null;
    const anna = tablet(relay.wsUrl, () => token);
    const plan = (await anna.lib.create({ title: 'Plan voor Sam', displayName: 'Anna' })) as EngineSession;
    plan.doc.getText('t').insert(0, 'Sam slaapt bij oma.');
    await plan.flush();

    // Without the code: refused at once with its own reason, not after a timeout as "offline".
    const asked = Date.now();
    await expect(anna.lib.createInvite(plan.planId)).rejects.toMatchObject({ code: 'token-required' });
    expect(Date.now() - asked).toBeLessThan(4_000);
    expect(plan.state()).toMatchObject({ kind: 'problem', code: 'token-required' });

    // A wrong code is refused the same way.
    token = 'raden';
    anna.lib.creationTokenChanged();
    await until('the wrong code is refused', () => anna.urls.some((u) => u.includes('creation-token=raden')) && plan.state().kind === 'problem', 5_000);
    await expect(anna.lib.createInvite(plan.planId)).rejects.toMatchObject({ code: 'token-required' });

    // The right code, entered while the plan stays open: it gets onto the relay without a reload.
    token = TOKEN;
    anna.lib.creationTokenChanged();
    await until('shared', () => plan.state().kind === 'synced', 5_000, () => describeState(plan.state()));
    expect(anna.urls.at(-1)).toBe(`${relay.wsUrl}?creation-token=${TOKEN}`);

    // A second device joins without any code, and has what was written before the refusal.
    const link = await anna.lib.createInvite(plan.planId);
    const bram = tablet(relay.wsUrl, () => null);
    const theirs = (await bram.lib.join(link, 'Bram')) as EngineSession;
    await until('Bram has the text', () => theirs.doc.getText('t').toString() === 'Sam slaapt bij oma.', 5_000);
    expect(bram.urls.some((u) => u.includes('creation-token'))).toBe(false);

    // A plan on the relay needs no code: a reconnect does not send it again.
    const before = anna.urls.length;
    plan.dropConnection();
    await until('back', () => anna.urls.length > before && plan.state().kind === 'synced', 5_000, () => describeState(plan.state()));
    expect(anna.urls.slice(before).every((u) => !u.includes('creation-token'))).toBe(true);

    // The relay never logs the code.
    expect(relay.logLines().join('\n')).not.toContain(TOKEN);
    await theirs.close();
    await plan.close();
    await Promise.all([anna.lib.close(), bram.lib.close()]);
  });
});
