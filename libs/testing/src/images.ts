import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

// Test images built byte by byte, so every case states exactly what its file contains; the few
// that must carry real compressed pixels (JPEG, lossy WebP) are encoded by sharp.

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

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ihdr = (width: number, height: number, bitDepth = 8, colourType = 2) =>
  pngChunk('IHDR', [...u32be(width), ...u32be(height), bitDepth, colourType, 0, 0, 0]);

/**
 * A real, decodable RGB PNG of one colour. `declared` overrides the header's size (pixel floods);
 * `text` adds a tEXt chunk (keyword, value) before the pixels, as metadata tools do.
 */
export function png(width = 2, height = 2, declared?: { width: number; height: number }, text?: [string, string]) {
  const row = [0, ...Array.from({ length: width }, () => [0x2e, 0x8b, 0x57]).flat()];
  const raw = new Uint8Array(Array.from({ length: height }, () => row).flat());
  return new Uint8Array([
    ...PNG_SIG,
    ...ihdr(declared?.width ?? width, declared?.height ?? height),
    ...(text ? pngChunk('tEXt', new Uint8Array([...ascii(text[0]), 0, ...new TextEncoder().encode(text[1])])) : []),
    ...pngChunk('IDAT', deflateSync(raw)),
    ...pngChunk('IEND', []),
  ]);
}

/** A PNG with a valid header and end but no IDAT chunk: no pixels at all. */
export const pngWithoutPixels = (width = 4, height = 4) =>
  new Uint8Array([...PNG_SIG, ...ihdr(width, height), ...pngChunk('IEND', [])]);

/**
 * A decompression bomb: a genuinely decodable 1-bit PNG of `side`×`side` black pixels whose
 * zeros compress about a thousand to one (30000×30000 is 900 MP in roughly 100 KiB).
 */
export function pngBomb(side: number) {
  const raw = new Uint8Array((Math.ceil(side / 8) + 1) * side);
  return new Uint8Array([
    ...PNG_SIG,
    ...ihdr(side, side, 1, 0),
    ...pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    ...pngChunk('IEND', []),
  ]);
}

/** What a decoder finds in the bytes: type, size, orientation, and any metadata left in them. */
export async function inspect(bytes: Uint8Array | ArrayBuffer) {
  const m = await sharp(bytes).metadata();
  return {
    format: m.format,
    width: m.width,
    height: m.height,
    orientation: m.orientation,
    exif: m.exif,
    metadata: [
      m.exif && 'exif',
      m.icc && 'icc',
      m.xmp && 'xmp',
      m.iptc && 'iptc',
      m.comments?.length && 'comments',
    ].filter(Boolean),
  };
}

/**
 * How many pixels two pictures differ in by more than `tolerance` in some channel, or null when their
 * sizes differ: a browser's rasterizer repaints the same page with a few off-by-a-few pixels.
 */
export async function changedPixels(a: Uint8Array, b: Uint8Array, tolerance = 16): Promise<number | null> {
  const rgb = (img: Uint8Array) => sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [x, y] = [await rgb(a), await rgb(b)];
  if (x.info.width !== y.info.width || x.info.height !== y.info.height) return null;
  let changed = 0;
  for (let px = 0; px < x.data.length; px += 3) {
    for (let c = px; c < px + 3; c++) {
      if (Math.abs(x.data[c]! - y.data[c]!) > tolerance) {
        changed++;
        break;
      }
    }
  }
  return changed;
}

/** A real JPEG of width×height pixels (a gradient, so it has content to orient). */
export const photo = async (width = 16, height = 8, format: 'jpeg' | 'webp' = 'jpeg') =>
  new Uint8Array(
    await sharp(gradient(width, height), { raw: { width, height, channels: 3 } })
      .toFormat(format)
      .toBuffer(),
  );

const gradient = (width: number, height: number) =>
  Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256));

/** A real JPEG as a phone writes it: EXIF orientation 6 (rotate 90°) and a GPS position. */
export const phonePhoto = async (width = 32, height = 16) =>
  new Uint8Array(
    await sharp(await photo(width, height))
      .withMetadata({
        orientation: 6,
        exif: {
          IFD0: { Make: 'PhoneMaker', Model: 'Phone 1' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '40/1 25/1 0/1',
            GPSLongitudeRef: 'W',
            GPSLongitude: '3/1 42/1 0/1',
          },
        },
      })
      .jpeg()
      .toBuffer(),
  );

/** A real JPEG with a comment (COM) segment right after SOI, where metadata tools put it. */
export const jpegWithComment = async (comment: string) => {
  const real = await photo();
  const text = new TextEncoder().encode(comment);
  return new Uint8Array([0xff, 0xd8, 0xff, 0xfe, ...u16be(text.length + 2), ...text, ...real.subarray(2)]);
};

/** A JPEG's structure: SOI, JFIF, a baseline frame header of the given size, scan, EOI (not decodable). */
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

const REAL_JPEG = await photo();

/** A real, decodable JPEG of `size` bytes or a little more, padded with comment segments. */
export const bigJpeg = (size: number) => {
  // Comment segments of at most 64 KiB each, as a real file would carry metadata.
  const segment = new Uint8Array(65533 + 4);
  segment.set([0xff, 0xfe, 0xff, 0xff]);
  segment.fill(0x20, 4);
  const count = Math.max(0, Math.ceil((size - REAL_JPEG.length) / segment.length));
  const out = new Uint8Array(REAL_JPEG.length + count * segment.length);
  out.set(REAL_JPEG.subarray(0, 2));
  for (let i = 0; i < count; i++) out.set(segment, 2 + i * segment.length);
  out.set(REAL_JPEG.subarray(2), 2 + count * segment.length);
  return out;
};
