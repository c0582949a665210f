import { crc32 } from 'node:zlib';
import { png } from '@greencommerce/testing/images';

const BASE = png(64, 64);
const IEND = 12;

/**
 * A decodable PNG of exactly `size` bytes: the same 64×64 pixels, padded with one private
 * ancillary chunk ("prVt") that decoders skip without keeping, unlike JPEG comment segments,
 * which libjpeg holds in memory while it decodes.
 */
export function pngOf(size: number) {
  const pad = size - BASE.length - 12;
  const out = new Uint8Array(size);
  out.set(BASE.subarray(0, BASE.length - IEND));
  const at = BASE.length - IEND;
  const view = new DataView(out.buffer);
  view.setUint32(at, pad);
  out.set([0x70, 0x72, 0x56, 0x74], at + 4);
  view.setUint32(at + 8 + pad, crc32(out.subarray(at + 4, at + 8 + pad)));
  out.set(BASE.subarray(BASE.length - IEND), size - IEND);
  return out;
}
