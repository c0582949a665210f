import { deflateSync } from 'node:zlib';

// Test images built byte by byte, so every case states exactly what its file contains.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >>> 8) & 255, n & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

function pngChunk(type: string, data: number[] | Uint8Array) {
  const body = new Uint8Array([...ascii(type), ...data]);
  return [...u32be(data.length), ...body, ...u32be(crc32(body))];
}

/** A real, decodable RGB PNG of one colour. `declared` overrides the header's size (pixel floods). */
export function png(width = 2, height = 2, declared?: { width: number; height: number }) {
  const row = [0, ...Array.from({ length: width }, () => [0x2e, 0x8b, 0x57]).flat()];
  const raw = new Uint8Array(Array.from({ length: height }, () => row).flat());
  const w = declared?.width ?? width;
  const h = declared?.height ?? height;
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...pngChunk('IHDR', [...u32be(w), ...u32be(h), 8, 2, 0, 0, 0]),
    ...pngChunk('IDAT', deflateSync(raw)),
    ...pngChunk('IEND', []),
  ]);
}

/** A JPEG's structure: SOI, JFIF, a baseline frame header of the given size, scan, EOI. */
export function jpeg(width = 16, height = 16, padTo = 0) {
  const app0 = [0xff, 0xe0, ...u16be(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const comment =
    padTo > 0
      ? [0xff, 0xfe, ...u16be(Math.min(padTo, 65535)), ...new Array(Math.min(padTo, 65535) - 2).fill(0x20)]
      : [];
  const sof0 = [0xff, 0xc0, ...u16be(11), 8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, ...u16be(8), 1, 1, 0, 0, 0x3f, 0, 0x00, 0x00];
  return new Uint8Array([0xff, 0xd8, ...app0, ...comment, ...sof0, ...sos, 0xff, 0xd9]);
}

/** A lossless WebP container (VP8L) declaring the given size. */
export function webp(width = 8, height = 8) {
  const bits = (width - 1) | ((height - 1) << 14);
  const vp8l = [0x2f, ...u32le(bits), 0, 0, 0, 0, 0];
  const chunk = [...ascii('VP8L'), ...u32le(vp8l.length), ...vp8l];
  return new Uint8Array([...ascii('RIFF'), ...u32le(4 + chunk.length), ...ascii('WEBP'), ...chunk]);
}

export const svg = () =>
  new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
  );

export const text = () => new TextEncoder().encode('just some text pretending to be a picture');

/** A valid PNG with an HTML/JS payload after IEND: an image/script polyglot. */
export const polyglot = () =>
  new Uint8Array([...png(), ...new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>')]);

/** A JPEG of exactly `size` bytes or a little more, for size-limit cases. */
export const bigJpeg = (size: number) => {
  const parts: Uint8Array[] = [];
  let total = 0;
  // Several comment segments of at most 64 KiB each, as a real file would carry metadata.
  const head = jpeg(16, 16);
  const body = new Uint8Array(65533 + 4);
  body.set([0xff, 0xfe, 0xff, 0xff]);
  body.fill(0x20, 4);
  while (total < size) {
    parts.push(body);
    total += body.length;
  }
  const out = new Uint8Array(head.length + total);
  out.set(head.subarray(0, 2));
  let at = 2;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  out.set(head.subarray(2), at);
  return out;
};
