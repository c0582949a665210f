import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Random access to bytes, so the sniffer reads a file's few header bytes without loading it. */
export type ByteSource = { size: number; read(at: number, length: number): Uint8Array };

export const memorySource = (bytes: Uint8Array): ByteSource => ({
  size: bytes.length,
  read: (at, length) => bytes.subarray(at, at + length),
});

/** Runs `use` over the file's bytes; reads are small positioned reads (headers and segment markers). */
export function withFileSource<T>(path: string, use: (source: ByteSource) => T): T {
  const fd = openSync(path, 'r');
  try {
    return use(fdSource(fd));
  } finally {
    closeSync(fd);
  }
}

/** Positioned reads of an open file, whose size is taken once. */
export function fdSource(fd: number): ByteSource {
  const size = fstatSync(fd).size;
  return {
    size,
    read(at, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - at)));
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, at));
    },
  };
}

/**
 * Serves small reads from one cached block, so a scan that steps a few bytes at a time (JPEG
 * fill bytes, tiny segments) costs one read of `src` per block rather than one per step. Blocks
 * are small because each jump past the block allocates a new one: walking a JPEG padded with 5 MiB
 * of 64 KiB comment segments took 5 MiB of 64 KiB blocks, garbage the collector counts late.
 */
export function buffered(src: ByteSource, blockSize = 4 * 1024): ByteSource {
  let block: Uint8Array = new Uint8Array(0);
  let start = 0;
  return {
    size: src.size,
    read(at, length) {
      const end = Math.min(at + length, src.size);
      if (at < start || end > start + block.length) {
        if (length > blockSize) return src.read(at, length);
        block = src.read(at, blockSize);
        start = at;
      }
      return block.subarray(at - start, end - start);
    },
  };
}
