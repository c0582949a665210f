import { type ByteSource, buffered, memorySource } from './byte-source';

export type ImageKind = { ext: 'jpg' | 'png' | 'webp'; contentType: string; width: number; height: number };

export type SniffResult =
  | { ok: true; image: ImageKind }
  | { ok: false; reason: 'unsupported' | 'malformed' | 'too-many-pixels' };

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32be = (b: Uint8Array, at: number) => (u16be(b, at) * 65536 + u16be(b, at + 2)) >>> 0;
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
const u32le = (b: Uint8Array, at: number) => (u24le(b, at) + (b[at + 3] ?? 0) * 16777216) >>> 0;

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

type Dims = Omit<ImageKind, 'ext' | 'contentType'>;

function png(src: ByteSource): Dims | null {
  const b = src.read(0, 33);
  if (src.size < 33 + PNG_IEND.length || ascii(b, 12, 4) !== 'IHDR') return null;
  // Bytes after IEND are how image/script polyglots hide their second payload.
  if (!startsWith(src.read(src.size - PNG_IEND.length, PNG_IEND.length), PNG_IEND)) return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

function jpeg(src: ByteSource): Dims | null {
  if (!startsWith(src.read(src.size - 2, 2), [0xff, 0xd9])) return null;
  let at = 2;
  while (at + 9 < src.size) {
    const b = src.read(at, 9);
    if (b[0] !== 0xff) return null;
    const marker = b[1] ?? 0;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const len = u16be(b, 2);
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, 5), width: u16be(b, 7) };
    }
    if (len < 2) return null;
    at += 2 + len;
  }
  return null;
}

function webp(src: ByteSource): Dims | null {
  const b = src.read(0, 30);
  if (src.size < 30 || ascii(b, 8, 4) !== 'WEBP') return null;
  // The RIFF size must account for the whole file: nothing may trail it.
  if (u32le(b, 4) + 8 !== src.size) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return null;
}

/**
 * Decides what an upload is from its bytes alone (never its name or declared type), reads its
 * declared dimensions, and refuses anything else, SVG included.
 */
export function sniffImage(input: Uint8Array | ByteSource, maxPixels: number): SniffResult {
  const src = buffered(input instanceof Uint8Array ? memorySource(input) : input);
  const head = src.read(0, 12);
  let kind: ImageKind['ext'];
  let dims: Dims | null;
  if (startsWith(head, PNG_SIG)) [kind, dims] = ['png', png(src)];
  else if (startsWith(head, [0xff, 0xd8, 0xff])) [kind, dims] = ['jpg', jpeg(src)];
  else if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') [kind, dims] = ['webp', webp(src)];
  else return { ok: false, reason: 'unsupported' };
  if (!dims || dims.width < 1 || dims.height < 1) return { ok: false, reason: 'malformed' };
  if (dims.width * dims.height > maxPixels) return { ok: false, reason: 'too-many-pixels' };
  const contentType = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' }[kind];
  return { ok: true, image: { ext: kind, contentType, ...dims } };
}
