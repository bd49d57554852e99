import { expect, test } from 'vitest';
import { applyToString, loadTrace } from '../trace.ts';
import { TraceAuthor } from './trace-author.ts';

test('replaying trace edits on a Y.Text gives the same text as splicing a string', () => {
  const { edits } = loadTrace();
  const author = new TraceAuthor();
  const count = 20_000;
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) sizes.push(author.edit(edits[i]!).length);
  expect(author.text.toString()).toBe(applyToString(edits, count));
  // One small update per edit: what b4-pipeline and catch-up put in each envelope.
  expect(Math.max(...sizes)).toBeLessThan(200);
});
