import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore } from '../client/src/storage/memory-kv.ts';
import { setDeviceLock, tryUnlock } from '../client/src/lock/device-lock.ts';
import { DEFAULT_KDF } from '../client/src/lock/lock-kdf.ts';
import { DIST_DIR, startAppServer } from '../tests/support/app-server.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { createPlan } from '../tests/e2e/app-driver.ts';
import { enterPin, lockNow, setPin } from '../tests/e2e/lock-driver.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile, timed } from './support/stats.ts';

/**
 * Unlocking the device: Argon2id with the app's parameters (lock-kdf.ts), then opening the sealed
 * store. Measured in Node, and in the built app in Chromium with the CPU slowed down 4× (Chrome's
 * own emulation), as a stand-in for a mid-range tablet: from pressing "Openen" to the plan list.
 */
const TARGET_MS = 1000;
const CPU_SLOWDOWN = envInt('BENCH_UNLOCK_CPU_SLOWDOWN', 4);
const runs = envInt('BENCH_UNLOCK_RUNS', 5);
const PIN = '481526';
const params = `Argon2id m=${DEFAULT_KDF.memoryKiB / 1024} MiB, t=${DEFAULT_KDF.iterations}, p=${DEFAULT_KDF.parallelism}`;

// Node: the same code the app runs (hash-wasm's WebAssembly), on an in-memory store.
const kv = createMemoryStore();
await kv.set('plans/x/meta', { title: 'Plan' });
(await setDeviceLock(kv, 'pin', PIN)).forget();
const nodeTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  const { ms, value } = await timed(() => tryUnlock(kv, PIN));
  if (value.kind !== 'ok') throw new Error(`unlock failed: ${value.kind}`);
  value.store.forget();
  nodeTimes.push(ms);
}
const nodeMs = percentile(nodeTimes, 50);
note(`unlock in Node: p50 ${round(nodeMs)} ms (${params})`);

// Chromium, slowed down: the whole unlock as a person sees it.
if (!existsSync(join(DIST_DIR, 'index.html'))) execSync('pnpm build', { stdio: 'inherit' });
const server = await startAppServer();
const browser = await launchBrowser();
const browserTimes: number[] = [];
try {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await createPlan(page, 'Plan', 'Anouk');
  await page.locator('a.brand').click();
  await setPin(page, PIN);
  const cdp = await browser.context.newCDPSession(page);
  for (let i = 0; i < runs; i++) {
    await lockNow(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const { ms } = await timed(async () => {
      await enterPin(page, PIN);
      await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor({ timeout: 30_000 });
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    browserTimes.push(ms);
  }
} finally {
  await browser.close();
  await server.close();
}
const browserMs = percentile(browserTimes, 50);
emit({
  bench: 'unlock',
  kdf: params,
  nodeP50Ms: round(nodeMs),
  chromiumCpuSlowdown: CPU_SLOWDOWN,
  chromiumUnlockP50Ms: round(browserMs),
  chromiumUnlockMaxMs: round(Math.max(...browserTimes)),
  runs,
  target: `unlock (press "Openen" to plan list) <= ${TARGET_MS} ms in Chromium at ${CPU_SLOWDOWN}x CPU slowdown`,
  met: browserMs <= TARGET_MS,
});
