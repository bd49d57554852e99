import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { isReviewError } from './errors.ts';
import { decodeRecord, encodeRecord, type RecordFormat } from './record-codec.ts';

const NOTE: RecordFormat = { what: 'note', format: 3, maxBytes: 16 };
const write = (text: string, n: number) => (e: encoding.Encoder) => {
  encoding.writeVarString(e, text);
  encoding.writeVarUint(e, n);
};
const read = (bytes: Uint8Array) => decodeRecord(NOTE, bytes, (r) => ({ text: r.string(), n: r.uint() }));

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    if (isReviewError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('not refused');
}

describe('a review record', () => {
  it('decodes to exactly what was encoded', () => {
    expect(read(encodeRecord(NOTE, write('oma', 7)))).toEqual({ text: 'oma', n: 7 });
  });

  it('is malformed when it is not bytes, too long, of another format, cut short or followed by more', () => {
    const whole = encodeRecord(NOTE, write('oma', 7));
    const otherFormat = encodeRecord({ ...NOTE, format: 4 }, write('oma', 7));
    expect(refusal(() => read('oma' as unknown as Uint8Array))).toMatch(/^malformed: .*note must be bytes/);
    expect(refusal(() => read(new Uint8Array(17)))).toMatch(/^malformed: .*note too large/);
    expect(refusal(() => read(otherFormat))).toMatch(/^malformed: .*unknown note format/);
    expect(refusal(() => read(whole.slice(0, 3)))).toMatch(/^malformed: .*note does not decode/);
    expect(refusal(() => read(new Uint8Array([...whole, 0])))).toMatch(/^malformed: .*note does not decode/);
  });
});
