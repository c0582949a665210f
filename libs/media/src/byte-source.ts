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
    const size = fstatSync(fd).size;
    return use({
      size,
      read(at, length) {
        const buf = new Uint8Array(Math.max(0, Math.min(length, size - at)));
        return buf.subarray(0, readSync(fd, buf, 0, buf.length, at));
      },
    });
  } finally {
    closeSync(fd);
  }
}
