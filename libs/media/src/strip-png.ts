import { closeSync, openSync } from 'node:fs';
import { type ByteSource, buffered, fdSource } from './byte-source';
import { type Range, writeKept } from './copy-kept';
import { partCounter } from './part-limit';
import { onTempStorage } from './temp-storage';

type Chunk = Range & { text: boolean };

const PNG_SIGNATURE_BYTES = 8;
const TEXT = new Set(['tEXt', 'zTXt', 'iTXt']);

/**
 * Calls `visit` for each chunk after the signature, in order, with what follows IEND as part of
 * it; returns whether the walk reached IEND. Nothing is collected per chunk.
 */
function walk(src: ByteSource, visit: (chunk: Chunk) => void): boolean {
  const step = partCounter();
  let at = PNG_SIGNATURE_BYTES;
  while (at + 12 <= src.size) {
    step();
    const b = src.read(at, 8);
    const type = Buffer.from(b.subarray(4, 8)).toString('latin1');
    if (type === 'IEND') {
      visit({ at, length: src.size - at, text: false });
      return true;
    }
    const length = 12 + ((((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0);
    visit({ at, length, text: TEXT.has(type) });
    at += length;
  }
  return false;
}

/**
 * Writes `input` to `output` without its text chunks (tEXt, zTXt, iTXt, wherever they are) when
 * those weigh more than `threshold` bytes; returns whether it did. libspng and libvips keep every
 * text chunk as metadata while decoding (5 MiB of tEXt cost ~15 MiB of peak RSS), and the
 * re-encoding keeps none of them. Every other chunk is copied as it is, its CRC with it.
 */
export function stripPngText(input: string, output: string, threshold = 64 * 1024): boolean {
  return onTempStorage(() => {
    const from = openSync(input, 'r');
    try {
      const src = buffered(fdSource(from));
      let dropped = 0;
      const complete = walk(src, (chunk) => {
        if (chunk.text) dropped += chunk.length;
      });
      if (!complete || dropped <= threshold) return false;
      writeKept<Chunk>(
        from,
        output,
        PNG_SIGNATURE_BYTES,
        (visit) => walk(src, visit),
        (chunk) => !chunk.text,
      );
      return true;
    } finally {
      closeSync(from);
    }
  });
}
