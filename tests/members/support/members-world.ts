import { decodeRelayFrame, type MemberProfile, type RelayFrame, type Role } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../../client/src/sync/plan-session.ts';
import { newClient, until, type TestClient } from '../../sync/support/clients.ts';
import type { TestNetwork } from '../../sync/support/test-network.ts';

export interface Member {
  client: TestClient;
  session: EngineSession;
}

/** A plan through a real relay: the creator, then everyone else invited by link and joined. */
export async function planWith(
  net: TestNetwork,
  creator: { name: string; profile?: MemberProfile },
  others: Array<{ name: string; role?: Role; profile?: MemberProfile }>,
): Promise<{ owner: Member; members: Member[] }> {
  const client = newClient(net, creator.name);
  const session = (await client.lib.create({ title: 'Plan', displayName: creator.name, profile: creator.profile })) as EngineSession;
  const owner = { client, session };
  const members: Member[] = [];
  for (const o of others) {
    const c = newClient(net, o.name);
    const link = await client.lib.createInvite(session.planId, { role: o.role, profile: o.profile });
    members.push({ client: c, session: (await c.lib.join(link, o.name)) as EngineSession });
  }
  await until('everyone synced with the whole log', () =>
    [owner, ...members].every((m) => m.session.state().kind === 'synced' && m.session.memberLog.events.length === 1 + 2 * others.length),
  );
  return { owner, members };
}

export const personIdOf = (m: Member): string => m.session.membership.me().personId;

/** Every frame the relay sent, decoded, with the client it went to. */
export function recordFrames(net: TestNetwork): Array<{ client: string; frame: RelayFrame }> {
  const seen: Array<{ client: string; frame: RelayFrame }> = [];
  net.tap((bytes, client) => {
    try {
      seen.push({ client, frame: decodeRelayFrame(bytes) });
    } catch {
      // Frames a test injects on purpose may not decode; they are not the relay's.
    }
  });
  return seen;
}
