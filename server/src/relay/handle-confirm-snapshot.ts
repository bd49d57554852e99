import { fromBase64Url } from '@safeplan/schema/crypto';
import { keyId, memberOf, ProtocolError } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { requireMember } from './handle-subscribe.ts';
import { planKeyOf } from './plan-key.ts';

/**
 * confirm-snapshot: a writer's device says the snapshot proposal delivered under `seq` matches
 * the updates it covers (it compared them; docs/protocol.md "Snapshots"). The relay only counts:
 * the confirming device must be a member whose role writes something, of another person than the
 * proposal's author. Then the proposal becomes the plan's snapshot (served, and what it covers
 * pruned). A proposal that is gone (superseded or confirmed already) is no error: nothing to do.
 */
export async function handleConfirmSnapshot(ctx: RelayContext, conn: Connection, planId: Uint8Array, seq: number): Promise<void> {
  const planKey = planKeyOf(planId);
  await ctx.queue.run(planKey, async () => {
    const device = conn.author as Uint8Array;
    const plan = await requireMember(ctx, planKey, device);
    const state = plan.membership.state;
    if (!plan.membership.mayWrite(device, 'plan') && !plan.membership.mayWrite(device, 'contributions')) {
      throw new ProtocolError('not-allowed', 'only a member who writes may confirm a snapshot');
    }
    const proposal = await ctx.store.readSnapshotProposal(planKey, seq);
    if (!proposal) {
      ctx.log('snapshot.confirm-ignored', { conn: conn.id, plan: planKey, seq });
      return;
    }
    const author = memberOf(state, fromBase64Url(proposal.author));
    const confirmer = memberOf(state, device);
    if (!confirmer || (author && keyId(author.personId) === keyId(confirmer.personId))) {
      throw new ProtocolError('not-allowed', 'a snapshot is confirmed by another person than its author');
    }
    const promoted = await ctx.store.confirmSnapshot(planKey, seq);
    ctx.log('snapshot.confirmed', { conn: conn.id, plan: planKey, seq, coversUpTo: proposal.coversUpTo, promoted });
  });
}
