import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { LINES_PER_CONNECTION } from '../log-budget.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

describe('a connection causes a bounded number of log lines', () => {
  it('writes at most its budget of lines for 150 refused frames, says so once, and counts the rest when it closes', async () => {
    const relay = await start();
    const noisy = await client();
    // Within the rate limit's burst (200 frames): every one is answered, and each used to be a line.
    for (let i = 0; i < 150; i++) noisy.sendRaw(new Uint8Array([99]));
    for (let i = 0; i < 150; i++) expect(await noisy.next('error')).toMatchObject({ code: 'malformed' });
    const linesOf = () => relay.logEvents().filter((e) => e.event !== 'conn.open' && e.event !== 'conn.ready' && e.event !== 'conn.closed');
    const refusedLines = linesOf().filter((e) => e.event === 'frame.refused');
    expect(refusedLines.length).toBeLessThanOrEqual(LINES_PER_CONNECTION);
    expect(linesOf().filter((e) => e.event === 'log.quiet')).toHaveLength(1);
    // Every refusal is still counted in /metrics.
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(Number(/^safeplan_relay_refusals_total\{code="malformed"\} (\d+)$/m.exec(metrics)?.[1])).toBe(150);
    await noisy.close();
    await new Promise((r) => setTimeout(r, 100));
    const closed = relay.logEvents().find((e) => e.event === 'conn.closed');
    expect(closed?.linesDropped).toBe(150 - refusedLines.length);

    // Another connection has its own budget.
    const other = await client();
    other.sendRaw(new Uint8Array([99]));
    await other.next('error');
    expect(relay.logEvents().filter((e) => e.event === 'frame.refused').length).toBe(refusedLines.length + 1);
  });
});
