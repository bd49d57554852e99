import { expect, it } from 'vitest';
import { processCpuMicros, statCpuMicros } from './child-relay.ts';

it('CPU time is read from a /proc stat line after the command name, even one with spaces and parentheses', () => {
  // pid (comm) state ppid …: utime and stime are fields 14 and 15, here 250 and 50 ticks of 10 ms.
  const line = '4242 (node (verify) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 7 0 1 2 3';
  expect(statCpuMicros(line, 'test')).toBe(3_000_000);
  expect(() => statCpuMicros('4242 (cut) S 1', '/proc/4242/stat')).toThrow('/proc/4242/stat');
  // This process's own file reads: it has used some CPU by now.
  expect(processCpuMicros(process.pid)).toBeGreaterThan(0);
});
