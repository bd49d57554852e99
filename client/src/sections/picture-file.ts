import { MAX_PICTURE_CHARS, PICTURE_SRC_PATTERN } from '@safeplan/schema/plan';

/** Files above this are refused before they are read: a photo from a tablet camera is far below it. */
export const MAX_IMAGE_FILE_MB = 15;
/** Longest side after downscaling; enough for a drawing on a tablet, small enough to sync. */
export const MAX_IMAGE_SIDE = 1600;

export type ImageFileCheck = 'ok' | 'too-large' | 'not-image';

/** SVG is refused on purpose: it can carry scripts and the plan only holds raster pictures. */
export function checkImageFile(file: { type: string; size: number }): ImageFileCheck {
  if (!/^image\/(png|jpeg|gif|webp|bmp|avif)$/.test(file.type)) return 'not-image';
  if (file.size > MAX_IMAGE_FILE_MB * 1024 * 1024) return 'too-large';
  return 'ok';
}

export function scaledSize(width: number, height: number, maxSide = MAX_IMAGE_SIDE): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Draws the picture on a canvas at most MAX_IMAGE_SIDE wide or high and encodes it as JPEG,
 * lowering quality and then size until it fits in the plan. Browser only (canvas).
 */
export async function downscaleToDataUrl(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    for (const maxSide of [MAX_IMAGE_SIDE, 1200, 800]) {
      const { width, height } = scaledSize(bitmap.width, bitmap.height, maxSide);
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d canvas');
      g.fillStyle = '#fff'; // JPEG has no transparency; white reads better than black.
      g.fillRect(0, 0, width, height);
      g.drawImage(bitmap, 0, 0, width, height);
      for (const quality of [0.85, 0.7, 0.55]) {
        const url = canvas.toDataURL('image/jpeg', quality);
        if (url.length <= MAX_PICTURE_CHARS && PICTURE_SRC_PATTERN.test(url)) return url;
      }
    }
    throw new Error('picture does not fit');
  } finally {
    bitmap.close();
  }
}
