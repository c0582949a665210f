import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { buffered, withFileSource } from './byte-source';
import { releaseBytes } from './release-bytes';
import { onTempStorage } from './temp-storage';

const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP15 = 0xef;
const COPY_BLOCK = 64 * 1024;

const startsWith = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text;

/**
 * The segments before the scan that change the decoded pixels: every non-APPn one (tables, frame),
 * JFIF (colour space), the first EXIF (orientation), ICC profiles (colour) and Adobe's (colour
 * transform). Comments, XMP and the rest change nothing.
 */
function pixelsNeed(marker: number, head: Uint8Array, exifSeen: boolean) {
  if (marker === COM) return false;
  if (marker < APP0 || marker > APP15) return true;
  if (marker === APP0) return startsWith(head, 'JFIF\0');
  if (marker === APP0 + 1) return !exifSeen && startsWith(head, 'Exif\0');
  if (marker === APP0 + 2) return startsWith(head, 'ICC_PROFILE\0');
  return marker === APP0 + 14 && startsWith(head, 'Adobe');
}

/**
 * Writes `input` to `output` without the segments before its scan that do not change its pixels,
 * when those weigh more than `threshold` bytes; returns whether it did. libjpeg keeps every comment
 * and APPn segment in memory while decoding (libvips asks it to, to read EXIF, ICC and XMP), so a
 * JPEG padded with 5 MiB of comments cost 5 MiB in each decode; the re-encoding keeps none of them.
 * `input` is a JPEG the sniffer accepted (segments well formed up to its frame header).
 */
export function stripJpegPadding(input: string, output: string, threshold = 64 * 1024): boolean {
  return onTempStorage(() => strip(input, output, threshold));
}

function strip(input: string, output: string, threshold: number): boolean {
  const plan = withFileSource(input, (file) => {
    const src = buffered(file);
    const kept: [number, number][] = [[0, 2]];
    let dropped = 0;
    let exifSeen = false;
    let at = 2;
    while (at + 4 <= src.size) {
      const b = src.read(at, 4);
      if (b[0] !== 0xff) return null;
      const marker = b[1] ?? 0;
      if (marker === 0xff) {
        at++;
        continue;
      }
      if (marker === SOS) return { kept, dropped, scan: at, size: src.size };
      const length = 2 + (((b[2] ?? 0) << 8) | (b[3] ?? 0));
      if (pixelsNeed(marker, src.read(at + 4, 12), exifSeen)) kept.push([at, length]);
      else dropped += length;
      exifSeen ||= marker === APP0 + 1 && startsWith(src.read(at + 4, 6), 'Exif\0');
      at += length;
    }
    return null;
  });
  if (!plan || plan.dropped <= threshold) return false;
  const from = openSync(input, 'r');
  const to = openSync(output, 'w');
  const block = new Uint8Array(COPY_BLOCK);
  try {
    const copy = (start: number, length: number) => {
      for (let done = 0; done < length; ) {
        const read = readSync(from, block, 0, Math.min(COPY_BLOCK, length - done), start + done);
        if (read === 0) break;
        for (let w = 0; w < read; ) w += writeSync(to, block, w, read - w);
        done += read;
      }
    };
    for (const [start, length] of plan.kept) copy(start, length);
    copy(plan.scan, plan.size - plan.scan);
    releaseBytes(block);
  } finally {
    closeSync(from);
    closeSync(to);
  }
  return true;
}
