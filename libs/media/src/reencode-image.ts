import { stat } from 'node:fs/promises';
import type sharpFunction from 'sharp';
import type { ImageKind } from './sniff-image';
import { TempStorageUnavailableError } from './temp-storage';

let loading: Promise<typeof sharpFunction> | undefined;
/** sharp (libvips and ~70 modules, ~45 ms) is loaded by the first upload, not by every start. */
const loadSharp = () => {
  loading ??= import('sharp').then((m) => {
    // The CommonJS module itself is the function; its types describe the ESM shape as well.
    const sharp = m.default as typeof sharpFunction;
    // libvips' operation cache keeps recent pixels around; a server re-encoding one-off uploads gains
    // nothing from it and would hold that memory between requests.
    sharp.cache(false);
    return sharp;
  });
  return loading;
};

export type Reencoded = { size: number; width: number; height: number };

/** The image could not be decoded as the type its bytes claim (truncated, no pixel data, too large). */
export class UndecodableImage extends Error {}

/**
 * Decodes `input` and writes a fresh file of the same type from its pixels alone: orientation is
 * applied first, then every piece of metadata (EXIF with GPS, ICC, XMP, comments, text chunks) is
 * left behind, because sharp writes none unless asked. Images over `maxPixels` are refused from
 * their header, before any pixel is decoded.
 */
export async function reencodeImage(
  input: string,
  output: string,
  ext: ImageKind['ext'],
  maxPixels: number,
): Promise<Reencoded> {
  const sharp = await loadSharp();
  const pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'warning', sequentialRead: true }).rotate();
  const encoded = ext === 'jpg' ? pipeline.jpeg() : ext === 'png' ? pipeline.png() : pipeline.webp();
  const info = await encoded.toFile(output).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    // libvips names the errno of a failed read or write of its files ("write error\nsystem error: No
    // space left on device"): the folder failed, not the image.
    if (message.includes('\nsystem error: ')) throw new TempStorageUnavailableError(err);
    throw new UndecodableImage(message);
  });
  return { size: (await stat(output)).size, width: info.width, height: info.height };
}
