import { closeSync, openSync, writeSync } from 'node:fs';
import { type ByteSource, buffered, fdSource } from './byte-source';
import { type Range, writeKept } from './copy-kept';
import { partCounter } from './part-limit';
import { onTempStorage } from './temp-storage';

type Chunk = Range & { keep: boolean; fourcc: string };

const RIFF_HEADER_BYTES = 12;
const VP8X_FLAGS_AT = RIFF_HEADER_BYTES + 8;
/** What decoding a WebP uses: the bitstreams, the extended header, animation, and one of each metadata. */
const PIXELS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF']);
/** An ICC profile larger than this is dropped with the padding (libvips keeps it in memory to apply). */
const MAX_ICC_BYTES = 1024 * 1024;
/**
 * An EXIF chunk larger than this is padding too: a JPEG's EXIF cannot pass 64 KiB (one APP1
 * segment), while libvips parses a WebP's whole (5 MiB cost ~46 MiB of peak RSS over four decodes).
 */
const MAX_EXIF_BYTES = 64 * 1024;
// VP8X flags (WebP container specification): which optional chunks the file says it has.
const ICC_FLAG = 0x20;
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

/** What follows an ANMF chunk's own header: the frame's offset, size, duration and flags. */
const FRAME_FIELDS_BYTES = 16;

/** An animation frame: where its ANMF chunk is, the size it declares, and the size of what libwebp reads as its. */
type Frame = { at: number; declared: number; size: number; alpha: boolean; image: boolean };

/**
 * Calls `visit` for each chunk after the RIFF header, in order, deciding which are kept: every
 * chunk the pixels need, the first EXIF (orientation) and the first ICC profile if they are under
 * MAX_EXIF_BYTES and MAX_ICC_BYTES; not XMP, not unknown chunks, not repeats. Returns whether the
 * chunks fill the file exactly.
 *
 * An ANMF chunk is walked as libwebp reads it: its 16 bytes of fields, its ALPH and bitstream
 * chunks (one each), then whatever follows as chunks of the file, inside the size it declares or
 * not (a 200 KB XMP chunk after a frame's bitstream inside its ANMF was read as the file's XMP).
 * `frameEnd` is told each frame's size as read, which the copy's ANMF chunk must declare.
 */
function walk(src: ByteSource, visit: (chunk: Chunk) => void, frameEnd: (frame: Frame) => void = () => {}): boolean {
  const seen = new Set<string>();
  let frame: Frame | undefined;
  const step = partCounter();
  let at = RIFF_HEADER_BYTES;
  while (at + 8 <= src.size) {
    step();
    const b = src.read(at, 8);
    const fourcc = Buffer.from(b.subarray(0, 4)).toString('latin1');
    const size = ((b[4] ?? 0) | ((b[5] ?? 0) << 8) | ((b[6] ?? 0) << 16) | ((b[7] ?? 0) << 24)) >>> 0;
    // Chunks are padded to an even length.
    const length = 8 + size + (size % 2);
    if (frame) {
      const alpha = fourcc === 'ALPH' && !frame.alpha;
      const image = (fourcc === 'VP8 ' || fourcc === 'VP8L') && !frame.image;
      if (alpha || image) {
        frame.alpha ||= alpha;
        frame.image ||= image;
        frame.size += length;
      } else {
        frameEnd(frame);
        frame = undefined;
      }
    }
    if (fourcc === 'ANMF' && size >= FRAME_FIELDS_BYTES) {
      frame = { at, declared: size, size: FRAME_FIELDS_BYTES, alpha: false, image: false };
      visit({ at, length: 8 + FRAME_FIELDS_BYTES, fourcc, keep: true });
      at += 8 + FRAME_FIELDS_BYTES;
      continue;
    }
    const metadata =
      ((fourcc === 'EXIF' && size <= MAX_EXIF_BYTES) || (fourcc === 'ICCP' && size <= MAX_ICC_BYTES)) &&
      !seen.has(fourcc);
    seen.add(fourcc);
    visit({ at, length, fourcc, keep: PIXELS.has(fourcc) || metadata });
    at += length;
  }
  if (frame) frameEnd(frame);
  return at === src.size;
}

/**
 * Writes `input` to `output` without the chunks decoding does not need (XMP, unknown chunks,
 * repeated or oversized metadata) when those weigh more than `threshold` bytes; returns whether
 * it did. libwebp and libvips keep such chunks in memory while decoding (a 5 MiB XMP chunk cost
 * ~15 MiB of peak RSS), and the re-encoding keeps none of them. The RIFF size and the extended
 * header's flags and animation frames' sizes are set to what is left, so the copy is a valid WebP of
 * the same pixels.
 */
export function stripWebpPadding(input: string, output: string, threshold = 64 * 1024): boolean {
  return onTempStorage(() => {
    const from = openSync(input, 'r');
    try {
      const src = buffered(fdSource(from));
      let dropped = 0;
      let extended = false;
      let framesResized = false;
      const kept = new Set<string>();
      const complete = walk(
        src,
        (chunk) => {
          if (!chunk.keep) dropped += chunk.length;
          else kept.add(chunk.fourcc);
          // Only a first chunk is the extended header: after a simple file's bitstream libwebp reads nothing.
          if (chunk.fourcc === 'VP8X' && chunk.at === RIFF_HEADER_BYTES) extended = true;
        },
        (frame) => {
          framesResized ||= frame.size !== frame.declared;
        },
      );
      if (!complete || dropped <= threshold) return false;
      writeKept<Chunk>(
        from,
        output,
        RIFF_HEADER_BYTES,
        (visit) => walk(src, visit),
        (chunk) => chunk.keep,
      );
      const to = openSync(output, 'r+');
      try {
        const riffSize = Buffer.alloc(4);
        riffSize.writeUInt32LE(src.size - dropped - 8);
        writeSync(to, riffSize, 0, 4, 4);
        if (extended) {
          // The extended header is kept at the same place: only chunks after it move.
          const flags = src.read(VP8X_FLAGS_AT, 1)[0] ?? 0;
          let next = flags & ~XMP_FLAG;
          if (!kept.has('EXIF')) next &= ~EXIF_FLAG;
          if (!kept.has('ICCP')) next &= ~ICC_FLAG;
          writeSync(to, Uint8Array.of(next), 0, 1, VP8X_FLAGS_AT);
        }
        // A frame's chunks are all kept and follow its header: its ANMF moved by what was dropped before it.
        if (framesResized) {
          let droppedBefore = 0;
          walk(
            src,
            (chunk) => {
              if (!chunk.keep) droppedBefore += chunk.length;
            },
            (frame) => {
              if (frame.size === frame.declared) return;
              const frameSize = Buffer.alloc(4);
              frameSize.writeUInt32LE(frame.size);
              writeSync(to, frameSize, 0, 4, frame.at - droppedBefore + 4);
            },
          );
        }
      } finally {
        closeSync(to);
      }
      return true;
    } finally {
      closeSync(from);
    }
  });
}
