import { parentPort, workerData } from 'node:worker_threads';
import { ready } from '@safeplan/schema/crypto';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { KeystrokeClock } from './keystroke-clock.ts';
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
  url: string;
  plans: number;
  firstPlan: number;
  editors: number;
  rate: number;
  seconds: number;
  seed: number;
  crypto: DeviceCrypto;
}

export type LatencyWorkerMessage =
  | { type: 'ready'; devices: number }
  | { type: 'typed'; typed: number }
  | { type: 'result'; typed: number; samples: Float64Array; missing: number; errors: number }
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
  const devices = await buildDevices(input.variant, { s, url: input.url, plans: input.plans, firstPlan: input.firstPlan, editors: input.editors, clock, errors });
  const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
  post({ type: 'ready', devices: devices.length });
  await go;

  const timers = devices.map((d, i) => {
    const text = d.doc.getText('text');
    const type = () => {
      clock.keystroke(d.doc);
      text.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
    };
    // Spread the editors' ticks over the interval instead of all typing at once. A timer that
    // fires late does not catch up: the keystrokes it missed are missing from `typed`, which is
    // what makes an overloaded generator visible against its schedule.
    let interval: ReturnType<typeof setInterval> | undefined;
    const start = setTimeout(() => {
      type();
      interval = setInterval(type, 1000 / input.rate);
    }, rand() * (1000 / input.rate));
    return () => {
      clearTimeout(start);
      clearInterval(interval);
    };
  });
  await new Promise((r) => setTimeout(r, input.seconds * 1000));
  for (const stop of timers) stop();
  post({ type: 'typed', typed: clock.typed });
  const expected = () => clock.typed * (input.editors - 1);
  const deadline = performance.now() + 3000;
  while (clock.samples.length < expected() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const missing = expected() - clock.samples.length;
  const samples = Float64Array.from(clock.samples);
  await Promise.all(devices.map((d) => d.close()));
  port.postMessage({ type: 'result', typed: clock.typed, samples, missing, errors: errors.count } satisfies LatencyWorkerMessage, [samples.buffer]);
} catch (err) {
  post({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
