import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `step` under the V8 CPU profiler when BENCH_PROFILE_SPANS names a directory, and writes
 * <dir>/<name>.cpuprofile: a profile of just the timed part, without the benchmark's set-up.
 * Summarise with bench/profile-summary.ts.
 */
export async function profileSpan<T>(name: string, step: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_SPANS;
  if (!dir) return step();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  try {
    return await step();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
