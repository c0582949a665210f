import { photo } from '@greencommerce/testing/images';

// Uploads are decoded and re-encoded now, so the padding must sit in a real JPEG. The same 64×64
// pixels at every size: what grows with the size is only the bytes the server must stream.
const BASE = await photo(64, 64);

/** A decodable JPEG of exactly `size` bytes: real pixels after comment segments of padding. */
export function jpegOf(size: number) {
  const out = new Uint8Array(size);
  out.set(BASE.subarray(0, 2));
  let at = 2;
  const end = size - (BASE.length - 2);
  while (at < end) {
    // A segment is its marker plus 2..65535 bytes; never leave a remainder too short for one.
    const left = end - at;
    const segment = left > 65537 ? Math.min(65537, left - 4) : left;
    out.set([0xff, 0xfe, ((segment - 2) >> 8) & 255, (segment - 2) & 255], at);
    out.fill(0x20, at + 4, at + segment);
    at += segment;
  }
  out.set(BASE.subarray(2), at);
  return out;
}
