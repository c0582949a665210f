import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@greencommerce/http';
import { withFileSource } from './byte-source';
import { receiveUpload } from './receive-upload';
import { reencodeImage, UndecodableImage } from './reencode-image';
import { type ImageKind, sniffImage } from './sniff-image';
import { stripJpegPadding } from './strip-jpeg';
import { stripPngText } from './strip-png';
import { stripWebpPadding } from './strip-webp';
import { onTempStorage, tempStorageError } from './temp-storage';
import type { UploadSlots } from './upload-slots';

export type UploadOptions = {
  /** Temporary files live here, two or three per upload, deleted when the upload settles. */
  tmpDir: string;
  maxBytes: number;
  /** Width × height above which an image is refused before decoding (decompression bombs). */
  maxPixels: number;
  /** Multipart names the image may come under. */
  fileFields: readonly string[];
  /** Checks the text fields before any image work (e.g. 403 for a foreign userId). */
  checkFields?: (fields: Record<string, string>) => void;
  /**
   * Admission (429 when full, or when `uploader` has too many in progress) around the whole upload,
   * and a slot around all but the reading; none: all at once.
   */
  admission?: { slots: UploadSlots; uploader: string };
};

/** The re-encoded image on disk, ready to be stored; its file is gone once `use` settles. */
export type UploadedImage = ImageKind & { path: string; size: number };

const rejections = {
  unsupported: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG and WebP images are accepted'),
  malformed: () => new AppError('BAD_REQUEST', 'The image is damaged or carries trailing data'),
  'too-many-pixels': () => new AppError('BAD_REQUEST', 'The image dimensions are too large'),
} as const;

/**
 * Receives a multipart image upload and hands `use` a fresh re-encoding of it: the body streams
 * to a temporary file (413 past maxBytes), the type is decided by magic bytes, and only the
 * decoded pixels are written back out, so nothing the client hid in the file (scripts in
 * comments, EXIF GPS, trailing payloads) survives. The temporary files are deleted on every path:
 * success, refusal, client abort, or `use` failing (storage down). With `admission`, the body is read
 * as soon as the upload is admitted, and only what follows waits for a slot (see uploadSlots).
 */
export function withUploadedImage<T>(
  request: Request,
  opts: UploadOptions,
  use: (image: UploadedImage, fields: Record<string, string>) => Promise<T>,
): Promise<T> {
  const upload = () => receiveThenUse(request, opts, use);
  return opts.admission ? opts.admission.slots.admit(opts.admission.uploader, upload) : upload();
}

async function receiveThenUse<T>(
  request: Request,
  opts: UploadOptions,
  use: (image: UploadedImage, fields: Record<string, string>) => Promise<T>,
): Promise<T> {
  await mkdir(opts.tmpDir, { recursive: true }).catch((err) => {
    throw tempStorageError(err);
  });
  const base = path.join(opts.tmpDir, crypto.randomUUID());
  const input = `${base}.upload`;
  const output = `${base}.image`;
  const stripped = `${base}.stripped`;
  try {
    const { fields, file } = await receiveUpload(request, {
      path: input,
      maxBytes: opts.maxBytes,
      fileFields: opts.fileFields,
    });
    opts.checkFields?.(fields);
    if (!file) {
      // `curl -F 'image=<photo.jpg'` sends the bytes as a text field: say what to send instead.
      const asText = opts.fileFields.find((name) => fields[name] !== undefined);
      throw new AppError(
        'BAD_REQUEST',
        asText
          ? `The \`${asText}\` field came as text: send it as a file, with a filename (curl -F '${asText}=@photo.jpg')`
          : `Missing file: send it in the \`${opts.fileFields[0]}\` field`,
      );
    }
    if (file.size === 0) throw new AppError('BAD_REQUEST', 'The file is empty');
    const decodeAndUse = async () => {
      const sniffed = onTempStorage(() => withFileSource(input, (source) => sniffImage(source, opts.maxPixels)));
      if (!sniffed.ok) throw rejections[sniffed.reason]();
      const strip = { jpg: stripJpegPadding, png: stripPngText, webp: stripWebpPadding }[sniffed.image.ext];
      const source = strip(input, stripped) ? stripped : input;
      const encoded = await reencodeImage(source, output, sniffed.image.ext, opts.maxPixels).catch((err) => {
        if (err instanceof UndecodableImage) throw new AppError('BAD_REQUEST', 'The image could not be decoded');
        throw err;
      });
      return use({ ...sniffed.image, ...encoded, path: output }, fields);
    };
    return await (opts.admission ? opts.admission.slots.work(decodeAndUse) : decodeAndUse());
  } finally {
    await Promise.all([input, output, stripped].map((file) => rm(file, { force: true })));
  }
}
