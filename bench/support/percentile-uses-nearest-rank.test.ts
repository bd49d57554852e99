import { expect, test } from 'vitest';
import { percentile, summary } from './stats.ts';

test('percentile is the nearest-rank value of the sorted samples', () => {
  const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  expect(percentile(samples, 50)).toBe(5);
  expect(percentile(samples, 99)).toBe(10);
  expect(percentile(samples, 10)).toBe(1);
  expect(percentile(samples, 0)).toBe(1);
  expect(percentile([], 50)).toBeNaN();
});

test('a p99 over 100 samples is the 99th smallest, so one outlier in a hundred does not move it', () => {
  const samples = Array.from({ length: 100 }, (_, i) => (i === 37 ? 1000 : i % 10));
  expect(percentile(samples, 99)).toBe(9);
  expect(summary(samples)).toEqual({ n: 100, p50: 4, p99: 9, max: 1000 });
});
