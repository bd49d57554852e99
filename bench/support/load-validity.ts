/**
 * A load benchmark measures the system under test only while its load generator keeps the
 * schedule. On a shared 2-core machine the simulated devices compete with the relay for CPU, and
 * a generator that falls behind measures its own queue (issue 15: 18,673 of 30,000 keystrokes at
 * 1.07 cores). So every load result carries what was generated against what was scheduled, and
 * is invalid when the generator fell short.
 */

/** Below this share of the scheduled operations the run did not generate the load it claims. */
const MIN_ACHIEVED_SHARE = 0.98;
/** Above this many cores (CPU seconds per wall second) the generator is a bottleneck itself. */
const MAX_GENERATOR_CORES = 0.8;

interface GeneratedLoad {
  /** Operations the schedule asked for (keystrokes, publishes). */
  scheduled: number;
  /** Operations actually made within the schedule's time. */
  achieved: number;
  /** CPU time of the whole load-generator process (every thread), in microseconds. */
  generatorCpuMicros: number;
  /** Wall time over which that CPU time was spent, in seconds. */
  wallSeconds: number;
}

export interface LoadVerdict {
  scheduled: number;
  achieved: number;
  achievedShare: number;
  generatorCores: number;
  valid: boolean;
  /** Why the run is invalid; null when it is valid. */
  reason: string | null;
}

export function judgeLoad(load: GeneratedLoad): LoadVerdict {
  if (!(load.scheduled > 0)) throw new Error(`a load run needs a schedule (scheduled = ${load.scheduled})`);
  if (!(load.wallSeconds > 0)) throw new Error(`a load run needs a duration (wallSeconds = ${load.wallSeconds})`);
  const achievedShare = load.achieved / load.scheduled;
  const generatorCores = load.generatorCpuMicros / 1e6 / load.wallSeconds;
  const reasons: string[] = [];
  if (achievedShare < MIN_ACHIEVED_SHARE) {
    reasons.push(`generator made ${load.achieved} of ${load.scheduled} scheduled operations (${pct(achievedShare)} < ${pct(MIN_ACHIEVED_SHARE)})`);
  }
  if (generatorCores > MAX_GENERATOR_CORES) {
    reasons.push(`generator used ${generatorCores.toFixed(2)} cores (> ${MAX_GENERATOR_CORES})`);
  }
  return {
    scheduled: load.scheduled,
    achieved: load.achieved,
    achievedShare: Math.round(achievedShare * 1000) / 1000,
    generatorCores: Math.round(generatorCores * 100) / 100,
    valid: reasons.length === 0,
    reason: reasons.length === 0 ? null : reasons.join('; '),
  };
}

/** A result's `met` for a load run: a target is never met by a run that did not make its load. */
export function metWhenValid(verdict: Pick<LoadVerdict, 'valid'>, targetMet: boolean): boolean {
  return verdict.valid && targetMet;
}

/**
 * CPU time of this whole process (process.cpuUsage counts every thread, so worker-thread devices
 * are included) over a stretch of wall time.
 */
export function generatorCpuMeter(): () => { cpuMicros: number; wallSeconds: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  return () => {
    const used = process.cpuUsage(cpu);
    return { cpuMicros: used.user + used.system, wallSeconds: (performance.now() - started) / 1000 };
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
