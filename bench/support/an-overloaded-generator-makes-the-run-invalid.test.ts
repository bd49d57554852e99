import { describe, expect, it } from 'vitest';
import { generatorCpuMeter, judgeLoad, metWhenValid } from './load-validity.ts';
import { sendAtRate } from './load-schedule.ts';

/** Burns CPU on this thread for `ms`, as a simulated device that signs too slowly would. */
function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: the point is to be a generator that cannot keep its schedule
  }
}

describe('a load run is valid only when its generator kept the schedule', () => {
  it('a schedule the generator cannot keep (1,000 frames/s at 3 ms each) is invalid, and its target cannot be met', async () => {
    const meter = generatorCpuMeter();
    const frames = Array.from({ length: 150 }, () => () => burn(3));
    const run = await sendAtRate(frames, 1000);
    const { cpuMicros, wallSeconds } = meter();
    const verdict = judgeLoad({ scheduled: run.scheduled, achieved: run.onTime, generatorCpuMicros: cpuMicros, wallSeconds });

    // 150 frames were due within 0.15 s; 3 ms each takes 0.45 s of CPU, so about a third was on time.
    expect(run.onTime).toBeLessThan(0.6 * run.scheduled);
    expect(verdict.valid).toBe(false);
    expect(verdict.reason).toMatch(/^generator made \d+ of 150 scheduled operations/);
    // (Its CPU share depends on how much of a core this machine gave it; the core rule is checked
    // on figures below.)
    expect(metWhenValid(verdict, true)).toBe(false);
  });

  it('a kept schedule with an idle generator is valid', () => {
    const verdict = judgeLoad({ scheduled: 30_000, achieved: 29_700, generatorCpuMicros: 12e6, wallSeconds: 30 });
    expect(verdict).toMatchObject({ valid: true, reason: null, achievedShare: 0.99, generatorCores: 0.4 });
    expect(metWhenValid(verdict, true)).toBe(true);
  });

  it('the issue-15 latency run (18,673 of 30,000 keystrokes at 1.07 cores) is invalid on both counts', () => {
    const verdict = judgeLoad({ scheduled: 30_000, achieved: 18_673, generatorCpuMicros: 1.07 * 33e6, wallSeconds: 33 });
    expect(verdict.valid).toBe(false);
    expect(verdict.reason).toBe('generator made 18673 of 30000 scheduled operations (62.2 % < 98.0 %); generator used 1.07 cores (> 0.8)');
  });

  it('97.9 % of the schedule is short; 0.81 of a core is too busy', () => {
    expect(judgeLoad({ scheduled: 1000, achieved: 979, generatorCpuMicros: 0, wallSeconds: 1 }).valid).toBe(false);
    expect(judgeLoad({ scheduled: 1000, achieved: 980, generatorCpuMicros: 0, wallSeconds: 1 }).valid).toBe(true);
    expect(judgeLoad({ scheduled: 1000, achieved: 1000, generatorCpuMicros: 810_000, wallSeconds: 1 }).valid).toBe(false);
  });
});
