import { describe, expect, it } from 'vitest';
import { decodeRelayFrame, encodeRelayFrame, encodeRelayFrameWithLib0, type RelayFrame } from './relay-frames.ts';

const SEED = Number(process.env.SAFEPLAN_SEED ?? Date.now() % 2 ** 31);

describe(`ack and deliver, written in one allocation, are the encoder's bytes (seed ${SEED})`, () => {
  it('gives the same bytes for every size of number and envelope, and decodes back', () => {
    let a = SEED >>> 0;
    const next = () => {
      a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
      return a / 2 ** 32;
    };
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
    // Each varuint length from 1 to 8 bytes, and the edges between them.
    const numbers = [0, 1, 127, 128, 16_383, 16_384, 2 ** 21, 2 ** 28 - 1, 2 ** 31, 2 ** 32 + 5, 2 ** 35, 2 ** 49, Number.MAX_SAFE_INTEGER];
    for (let round = 0; round < 200; round++) {
      const pick = () => (next() < 0.5 ? numbers[Math.floor(next() * numbers.length)]! : Math.floor(next() * 2 ** (1 + Math.floor(next() * 52))));
      const envelope = bytes([0, 1, 127, 128, 300, 16_384, 70_000][round % 7]!);
      const frames: RelayFrame[] = [
        { type: 'ack', planId: bytes(16), author: bytes(32), clock: pick(), seq: pick() },
        { type: 'deliver', planId: bytes(16), seq: pick(), envelope },
      ];
      for (const frame of frames) {
        const exact = encodeRelayFrame(frame);
        expect(exact).toEqual(encodeRelayFrameWithLib0(frame));
        expect(decodeRelayFrame(exact)).toEqual(frame);
      }
    }
  });
});
