import { closeSync, openSync, readSync } from 'node:fs';
import { type ByteSource, buffered, fdSource } from './byte-source';
import { type Range, writeKept } from './copy-kept';
import { partCounter } from './part-limit';
import { releaseBytes } from './release-bytes';
import { onTempStorage } from './temp-storage';

const SOS = 0xda;
const EOI = 0xd9;
const RST0 = 0xd0;
const RST7 = 0xd7;
const TEM = 0x01;
const COM = 0xfe;
const APP0 = 0xe0;
const APP15 = 0xef;
const SCAN_BLOCK = 16 * 1024;

/** An ICC profile this large is padding: real ones weigh a few KiB to a few hundred. */
const MAX_ICC_BYTES = 1024 * 1024;

const startsWith = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text;

type Kind = 'pixels' | 'jfif' | 'exif' | 'icc' | 'adobe' | 'padding';

/**
 * What a segment before the scan does for the decoded pixels: every non-APPn one (tables, frame)
 * is needed, and among the rest JFIF (colour space), EXIF (orientation), ICC profiles (colour) and
 * Adobe's (colour transform). Comments, XMP and the rest change nothing.
 */
function kindOf(marker: number, headAt: () => Uint8Array): Kind {
  if (marker === COM) return 'padding';
  if (marker < APP0 || marker > APP15) return 'pixels';
  const head = headAt();
  if (marker === APP0 && startsWith(head, 'JFIF\0')) return 'jfif';
  if (marker === APP0 + 1 && startsWith(head, 'Exif\0')) return 'exif';
  if (marker === APP0 + 2 && startsWith(head, 'ICC_PROFILE\0')) return 'icc';
  if (marker === APP0 + 14 && startsWith(head, 'Adobe')) return 'adobe';
  return 'padding';
}

type Segment = Range & { kind: Kind };

/**
 * Where the entropy-coded data from `from` ends: the next 0xFF that is not a stuffed zero, a
 * restart marker or fill. Reads through `block`, so a whole scan costs no allocation.
 */
function markerFinder(fd: number, size: number, block: Uint8Array) {
  return (from: number): number | null => {
    for (let start = from; start < size; ) {
      const read = readSync(fd, block, 0, Math.min(block.length, size - start), start);
      if (read === 0) return null;
      let next = start + read;
      for (let i = block.indexOf(0xff); i >= 0 && i < read; i = block.indexOf(0xff, i + 1)) {
        if (i + 1 >= read) {
          // The byte after this 0xFF is in the next block: read again from the 0xFF.
          if (start + i + 1 >= size) return null;
          next = start + i;
          break;
        }
        const b = block[i + 1] ?? 0;
        if (b !== 0 && b !== 0xff && (b < RST0 || b > RST7)) return start + i;
      }
      start = next;
    }
    return null;
  };
}

/**
 * Calls `visit` for every part of the file after SOI, in order: each marker segment, and the
 * entropy-coded data of each scan and what follows EOI as 'pixels'. Returns whether the walk
 * reached EOI. Nothing is collected: a 5 MiB header of 4-byte segments is 1.3 million of them.
 * Comments and APPn between the scans of a progressive JPEG are walked as the header's are.
 */
function walk(src: ByteSource, nextMarker: (from: number) => number | null, visit: (segment: Segment) => void) {
  const step = partCounter();
  let at = 2;
  while (at + 2 <= src.size) {
    step();
    const b = src.read(at, 4);
    if (b[0] !== 0xff) return false;
    const marker = b[1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === EOI) {
      visit({ at, length: src.size - at, kind: 'pixels' });
      return true;
    }
    // Restart markers and TEM carry no length, for libjpeg as here.
    const length = (marker >= RST0 && marker <= RST7) || marker === TEM ? 2 : 2 + (((b[2] ?? 0) << 8) | (b[3] ?? 0));
    visit({ at, length, kind: kindOf(marker, () => src.read(at + 4, 12)) });
    at += length;
    if (marker === SOS) {
      const end = nextMarker(at);
      if (end === null) return false;
      visit({ at, length: end - at, kind: 'pixels' });
      at = end;
    }
  }
  return false;
}

/**
 * Which segments the decoder reads. Only one of each kind counts, so its copies are padding too:
 * libjpeg needs one JFIF and takes the last Adobe transform, libvips the first EXIF. ICC chunks
 * make one profile together: all of them, or none past MAX_ICC_BYTES.
 */
function neededIn(walkAll: (visit: (segment: Segment) => void) => boolean) {
  const first: Partial<Record<Kind, number>> = {};
  let lastAdobe = -1;
  let iccBytes = 0;
  const complete = walkAll(({ at, length, kind }) => {
    first[kind] ??= at;
    if (kind === 'adobe') lastAdobe = at;
    if (kind === 'icc') iccBytes += length;
  });
  if (!complete) return null;
  return ({ at, kind }: Segment) =>
    kind === 'pixels' ||
    ((kind === 'jfif' || kind === 'exif') && at === first[kind]) ||
    (kind === 'adobe' && at === lastAdobe) ||
    (kind === 'icc' && iccBytes <= MAX_ICC_BYTES);
}

/**
 * Writes `input` to `output` without the segments that do not change its pixels (before its first
 * scan or between scans), when those weigh more than `threshold` bytes; returns whether it did. libjpeg keeps every comment
 * and APPn segment in memory while decoding (libvips asks it to, to read EXIF, ICC and XMP), so a
 * JPEG padded with 5 MiB of comments cost 5 MiB in each decode; the re-encoding keeps none of them.
 * `input` is a JPEG the sniffer accepted; a file whose walk does not reach EOI is left as it is.
 */
export function stripJpegPadding(input: string, output: string, threshold = 64 * 1024): boolean {
  return onTempStorage(() => strip(input, output, threshold));
}

function strip(input: string, output: string, threshold: number): boolean {
  const from = openSync(input, 'r');
  const scanBlock = new Uint8Array(SCAN_BLOCK);
  try {
    const src = buffered(fdSource(from));
    const nextMarker = markerFinder(from, src.size, scanBlock);
    const walkAll = (visit: (segment: Segment) => void) => walk(src, nextMarker, visit);
    const needed = neededIn(walkAll);
    if (!needed) return false;
    let dropped = 0;
    walkAll((segment) => {
      if (!needed(segment)) dropped += segment.length;
    });
    if (dropped <= threshold) return false;
    writeKept(from, output, 2, walkAll, needed);
    return true;
  } finally {
    releaseBytes(scanBlock);
    closeSync(from);
  }
}
