import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom, testSeed } from '../../schema/src/protocol/testing/seeded-random.ts';
import { applyToString, loadTrace, parseTrace } from '../trace.ts';
import { TraceAuthor } from './trace-author.ts';

const PIECES = ['a', 'b', ' ', 'é', '👋', '🏠', 'ij', '\n', '🧒🏽'];

/** A trace the way josephg/editing-traces writes one: positions and lengths in code points. */
function codePointTrace(seed: number, count: number) {
  const next = seededRandom(seed);
  const start = 'Hé 👋 ';
  let text = [...start];
  const txns: { patches: [number, number, string][] }[] = [];
  for (let i = 0; i < count; i++) {
    const pos = Math.floor(next() * (text.length + 1));
    const del = next() < 0.3 ? Math.floor(next() * Math.min(4, text.length - pos + 1)) : 0;
    const ins = next() < 0.8 ? PIECES[Math.floor(next() * PIECES.length)]! : '';
    text = [...text.slice(0, pos), ...ins, ...text.slice(pos + del)];
    txns.push({ patches: [[pos, del, ins]] });
  }
  return { startContent: start, endContent: text.join(''), txns };
}

describe('a trace counted in code points', () => {
  it('replays to its end content on a string and on a Y.Text, emoji and start content included', () => {
    const seed = testSeed();
    try {
      // Written as the editing-traces repository ships it (gzipped JSON) and read as SAFEPLAN_TRACE would be.
      const path = join(mkdtempSync(join(tmpdir(), 'trace-')), 'emoji.json.gz');
      writeFileSync(path, gzipSync(JSON.stringify(codePointTrace(seed, 3_000))));
      const { edits, endContent } = loadTrace(path);
      expect(applyToString(edits)).toBe(endContent);
      const author = new TraceAuthor();
      for (const e of edits) author.edit(e);
      expect(author.text.toString()).toBe(endContent);
    } catch (err) {
      console.error(`trace seed ${seed} (SAFEPLAN_SEED=${seed} makes it again)`);
      throw err;
    }
  });

  it('converts a delete across an emoji to the UTF-16 units it covers', () => {
    const { edits } = parseTrace({ startContent: 'a👋b', endContent: 'ac', txns: [{ patches: [[1, 2, 'c']] }] });
    expect(edits).toEqual([
      { pos: 0, del: 0, ins: 'a👋b' },
      { pos: 1, del: 3, ins: 'c' },
    ]);
  });

  it('leaves out patches that change nothing, which a Y.Text cannot turn into an update', () => {
    expect(parseTrace({ endContent: 'x', txns: [{ patches: [[0, 0, ''], [0, 0, 'x']] }] }).edits).toEqual([{ pos: 0, del: 0, ins: 'x' }]);
  });

  it('refuses a concurrent trace or a broken file in words that say which format it takes', () => {
    expect(() => parseTrace({ kind: 'concurrent', endContent: '', txns: [] }, 'friendsforever.json.gz')).toThrow(/friendsforever.json.gz: .*concurrent trace; take its flattened "_flat" copy/);
    expect(() => parseTrace({ endContent: 'x', txns: [{ patches: [[0, -1, 'x']] }] })).toThrow(/txns\[0\] has a patch that is not \[position, deleted, inserted\]/);
    expect(() => parseTrace({ txns: [] })).toThrow(/endContent is missing/);
  });
});
