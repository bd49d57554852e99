import { encode } from 'uqr';

export interface QrDrawing {
  /** Modules per side, quiet zone included. */
  size: number;
  /** One SVG path: a 1×n rectangle per horizontal run of dark modules. */
  path: string;
}

/**
 * Draws the QR code of `text` as one SVG path, built by us from uqr's module matrix so the
 * markup stays Solid's own (no innerHTML). Error correction M survives a smudged or glaring
 * tablet screen; the quiet zone of 4 modules is what scanners expect.
 */
export function qrDrawing(text: string): QrDrawing {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const parts: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return { size: data.length, path: parts.join('') };
}
