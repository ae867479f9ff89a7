/** Photos leave the phone at most this many pixels on their long side. */
export const MAX_PHOTO_DIMENSION = 1600;
export const PHOTO_QUALITY = 0.8;

/** The size a photo is drawn at: the long side at most `max`, proportions kept, never enlarged. */
export function targetSize(width: number, height: number, max: number = MAX_PHOTO_DIMENSION): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max || longest === 0) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function canvasToBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * Re-draws a camera photo at a size fit for a report (a 12 MP photo is 4-6 MB; this is ~200-400 KB),
 * which also drops its EXIF data, GPS position included. On a browser that cannot decode the image
 * the original goes as it is and the server decides.
 */
export async function downscaleImage(file: Blob, max: number = MAX_PHOTO_DIMENSION, quality: number = PHOTO_QUALITY): Promise<Blob> {
  if (typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const size = targetSize(bitmap.width, bitmap.height, max);
    if (typeof OffscreenCanvas === 'function') {
      const canvas = new OffscreenCanvas(size.width, size.height);
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality });
    }
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, size.width, size.height);
    return (await canvasToBlob(canvas, quality)) ?? file;
  } catch {
    return file;
  } finally {
    bitmap.close();
  }
}
