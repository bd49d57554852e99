import { expect, it } from 'vitest';
import { encodeRelayFrame } from '@safeplan/schema/protocol';
import { describeState, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

/**
 * A change refused as `rate-limited` stays waiting and goes again on a fresh connection; the ones
 * sent right behind it come back as `clock-gap` before that connection is dropped. Those are not
 * a refusal to show: the device was left in problem(relay-refused) after a burst of resends
 * (found by tests/relay/relay-sigkill-cycles-lose-nothing.test.ts: each clock-gap in its relay log
 * followed a rate-limited on the same connection).
 */
it('what was sent behind a rate-limited change comes back as clock gaps, and the device stays in sync', async () => {
  const { mine, theirs, warnings } = await shareBetween(net);
  mine.doc.getText('t').insert(0, 'a');
  await until('anna synced', () => mine.state().kind === 'synced' && theirs.doc.getText('t').toString() === 'a');
  // The relay's answers to a burst: the first change rate-limited, the two behind it clock gaps.
  const error = (code: 'rate-limited' | 'clock-gap') => encodeRelayFrame({ type: 'error', code, detail: code });
  expect(net.inject('anna', error('rate-limited'))).toBe(1);
  net.inject('anna', error('clock-gap'));
  net.inject('anna', error('clock-gap'));
  mine.doc.getText('t').insert(1, 'b');
  await until('bram has the next change', () => theirs.doc.getText('t').toString() === 'ab', 10_000, () => describeState(mine.state()));
  await until('anna synced again', () => mine.state().kind === 'synced' || mine.state().kind === 'problem', 10_000, () => describeState(mine.state()));
  expect(describeState(mine.state())).toBe('synced');
  expect(warnings.map((w) => w.code)).not.toContain('clock-gap');
  await mine.close();
  await theirs.close();
}, 30_000);
