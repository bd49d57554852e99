import { describe, expect, it } from 'vitest';
import { checkImageFile, MAX_IMAGE_FILE_MB, scaledSize } from './picture-file.ts';

describe('picture files', () => {
  it('refuses files that are not raster images, SVG included', () => {
    expect(checkImageFile({ type: 'application/pdf', size: 10 })).toBe('not-image');
    expect(checkImageFile({ type: 'image/svg+xml', size: 10 })).toBe('not-image');
    expect(checkImageFile({ type: '', size: 10 })).toBe('not-image');
  });

  it('refuses images over the size limit and accepts those just under', () => {
    const limit = MAX_IMAGE_FILE_MB * 1024 * 1024;
    expect(checkImageFile({ type: 'image/jpeg', size: limit + 1 })).toBe('too-large');
    expect(checkImageFile({ type: 'image/jpeg', size: limit })).toBe('ok');
  });

  it('scales the longest side down to the maximum and never up', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(1000, 3000)).toEqual({ width: 533, height: 1600 });
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
