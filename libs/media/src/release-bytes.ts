/**
 * Frees the memory behind `bytes` now instead of at the next full collection. JavaScriptCore counts
 * an ArrayBuffer's bytes late, so the chunks a streamed upload leaves behind pile up as garbage:
 * 16 concurrent 5 MiB uploads held ~150 MiB of them (bench/upload-memory.ts). Detaching (transfer to
 * a zero-length buffer) frees the bytes at once. Only for bytes nothing else reads afterwards, and
 * only when the view covers its whole buffer, so no other view loses its bytes.
 */
export function releaseBytes(bytes: Uint8Array) {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    // ES2024's ArrayBuffer.prototype.transfer: Bun has it, the ES2023 lib this repo compiles against does not.
    (buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
  }
}
