import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { ready } from '@safeplan/schema/crypto';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { KeystrokeClock } from './keystroke-clock.ts';
import { spreadPhases } from './plan-phases.ts';
import { buildDevices, type LatencyVariant } from './latency-devices.ts';
import { useDeviceCrypto, type DeviceCrypto } from './native-device-crypto.ts';

/**
 * One worker thread of the latency benchmark's load generator: it builds the devices of its share
 * of the plans, waits for "go", types on schedule, waits for the deliveries, and reports. Splitting
 * the devices over threads lets the generator use the machine's cores; its CPU is still counted
 * whole by the parent (process.cpuUsage covers every thread).
 */
export interface LatencyWorkerInput {
  variant: LatencyVariant;
  urls: string[];
  plans: number;
  firstPlan: number;
  editors: number;
  rate: number;
  seconds: number;
  seed: number;
  crypto: DeviceCrypto;
  /** `spread`: each plan starts at a seeded point of its snapshot cycle; `lockstep`: all at its start. */
  phases: 'spread' | 'lockstep';
}

export type LatencyWorkerMessage =
  | { type: 'ready'; devices: number }
  | { type: 'typed'; typed: number }
  | {
      type: 'result';
      typed: number;
      samples: Float64Array;
      missing: number;
      errors: number;
      /** How late this thread's event loop ran its tasks while typing (ms): the devices' own queueing. */
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | { type: 'failed'; message: string };

const input = workerData as LatencyWorkerInput;
const port = parentPort;
if (!port) throw new Error('latency-worker.ts runs as a worker thread');
const post = (m: LatencyWorkerMessage) => port.postMessage(m);

try {
  const s = await ready();
  useDeviceCrypto(s, input.crypto);
  const clock = new KeystrokeClock();
  const errors = { count: 0 };
  const rand = seededRandom(input.seed);
  const devices = await buildDevices(input.variant, { s, urls: input.urls, plans: input.plans, firstPlan: input.firstPlan, editors: input.editors, clock, errors });
  if (input.phases === 'spread') await spreadPhases(devices, input.editors, rand);
  const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
  post({ type: 'ready', devices: devices.length });
  await go;

  // Each device types `rate × seconds` keystrokes, the k-th due at start + offset + k / rate (the
  // offsets spread the editors over the interval). Times are absolute, so a timer that fires a
  // little late does not push the rest back; a keystroke more than one interval overdue is
  // skipped, not caught up, so an overloaded generator shows as fewer keystrokes than scheduled.
  const period = 1000 / input.rate;
  const slots = Math.round(input.rate * input.seconds);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  await Promise.all(
    devices.map(
      (d, i) =>
        new Promise<void>((resolve) => {
          const text = d.doc.getText('text');
          let k = 0;
          let due = started + rand() * period;
          const tick = () => {
            const now = performance.now();
            while (k < slots && now - due > period) {
              k++;
              due += period;
            }
            if (k >= slots) return resolve();
            clock.keystroke(d.doc);
            text.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
            k++;
            due += period;
            if (k >= slots) return resolve();
            setTimeout(tick, Math.max(0, due - performance.now()));
          };
          setTimeout(tick, Math.max(0, due - performance.now()));
        }),
    ),
  );
  loopDelay.disable();
  post({ type: 'typed', typed: clock.typed });
  const expected = () => clock.typed * (input.editors - 1);
  const deadline = performance.now() + 3000;
  while (clock.samples.length < expected() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const missing = expected() - clock.samples.length;
  const samples = Float64Array.from(clock.samples);
  await Promise.all(devices.map((d) => d.close()));
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  port.postMessage(
    {
      type: 'result',
      typed: clock.typed,
      samples,
      missing,
      errors: errors.count,
      loopDelayP99Ms: ms(loopDelay.percentile(99)),
      loopDelayMaxMs: ms(loopDelay.max),
    } satisfies LatencyWorkerMessage,
    [samples.buffer],
  );
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

