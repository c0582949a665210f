import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedPixels, photo } from '@greencommerce/testing/images';
import sharp from 'sharp';
import { sniffImage } from '../src/sniff-image';
import { stripWebpPadding } from '../src/strip-webp';

const dir = mkdtempSync(path.join(tmpdir(), 'gc-strip-webp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes?: Uint8Array) => {
  const at = path.join(dir, name);
  if (bytes) writeFileSync(at, bytes);
  return at;
};

const chunk = (fourcc: string, data: Uint8Array) => {
  const padded = data.length % 2;
  const out = Buffer.alloc(8 + data.length + padded);
  out.write(fourcc, 0, 'latin1');
  out.writeUInt32LE(data.length, 4);
  out.set(data, 8);
  return out;
};
const riff = (chunks: Uint8Array[]) => {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return new Uint8Array(Buffer.concat([head, body]));
};
/** The extended header: flags, then the canvas size minus one in 24-bit little endian. */
const vp8x = (flags: number, width: number, height: number) => {
  const data = Buffer.alloc(10);
  data[0] = flags;
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return chunk('VP8X', data);
};
const ICC = 0x20;
const EXIF = 0x08;
const XMP = 0x04;
/** The simple file's one bitstream chunk ('VP8 '), as sharp wrote it. */
const bitstream = (simple: Uint8Array) => simple.subarray(12);
const filler = (size: number) => new Uint8Array(size).fill(0x41);

// libwebp and libvips keep metadata chunks in memory while decoding: a 5 MiB XMP chunk cost ~15 MiB
// of peak RSS in one re-encoding, and the re-encoding keeps none of them.
test('XMP, unknown chunks and repeated metadata are dropped; the first EXIF stays; flags and size follow', async () => {
  const simple = await photo(16, 8, 'webp');
  const exif = chunk('EXIF', filler(40));
  const padded = riff([
    vp8x(XMP | EXIF | ICC, 16, 8),
    chunk('ICCP', filler(2 * 1024 * 1024)), // over the size kept: dropped, and its flag with it
    bitstream(simple),
    exif,
    chunk('EXIF', filler(30_001)), // a second one (odd length, padded): dropped
    ...Array.from({ length: 3 }, () => chunk('XMP ', filler(40_000))),
    chunk('JUNK', filler(10)),
  ]);
  expect(sniffImage(padded, 1_000_000).ok).toBe(true);
  expect(stripWebpPadding(file('padded.webp', padded), file('stripped.webp'))).toBe(true);
  const stripped = new Uint8Array(readFileSync(file('stripped.webp')));
  expect(stripped).toEqual(riff([vp8x(EXIF, 16, 8), bitstream(simple), exif]));
  expect(sniffImage(stripped, 1_000_000)).toMatchObject({ ok: true, image: { ext: 'webp', width: 16, height: 8 } });
  expect(await changedPixels(stripped, simple, 0)).toBe(0);
});

test('a WebP with little to drop is left as it is, and so is one whose chunks do not fill the file', async () => {
  const simple = await photo(16, 8, 'webp');
  const small = riff([vp8x(XMP, 16, 8), bitstream(simple), chunk('XMP ', filler(1000))]);
  expect(stripWebpPadding(file('small.webp', small), file('not-written.webp'))).toBe(false);
  const cut = riff([vp8x(XMP, 16, 8), bitstream(simple), chunk('XMP ', filler(100_000))]).subarray(0, -10);
  expect(stripWebpPadding(file('cut.webp', cut), file('not-written.webp'))).toBe(false);
  // A chunk size near 4 GiB ends the walk past the file's end: nothing written, no endless loop.
  const huge = riff([vp8x(XMP, 16, 8), bitstream(simple), chunk('XMP ', filler(100_000))]);
  Buffer.from(huge.buffer).writeUInt32LE(0xfffffff0, huge.length - 100_000 - 4);
  expect(stripWebpPadding(file('huge.webp', huge), file('not-written.webp'))).toBe(false);
});

// libvips parses the whole EXIF chunk it is given: a 5 MiB one cost ~46 MiB of peak RSS over four
// re-encodings, more than the XMP above. A JPEG's EXIF cannot pass 64 KiB; a WebP's larger one goes.
test('an EXIF chunk over 64 KiB is dropped with its flag, though it is the only one', async () => {
  const simple = await photo(16, 8, 'webp');
  const padded = riff([vp8x(EXIF, 16, 8), bitstream(simple), chunk('EXIF', filler(64 * 1024 + 1))]);
  expect(stripWebpPadding(file('big-exif.webp', padded), file('big-exif-stripped.webp'))).toBe(true);
  expect(new Uint8Array(readFileSync(file('big-exif-stripped.webp')))).toEqual(
    riff([vp8x(0, 16, 8), bitstream(simple)]),
  );
});

// After a simple file's bitstream libwebp reads no chunk: a VP8X there is not the extended header,
// and the flags patch wrote its byte where that chunk was before the padding went (past the end).
test('a VP8X after the bitstream is copied as it is, and the copy is exactly the kept chunks', async () => {
  const simple = await photo(16, 8, 'webp');
  const late = vp8x(XMP, 16, 8);
  const padded = riff([bitstream(simple), chunk('XMP ', filler(100_000)), late]);
  expect(stripWebpPadding(file('late-vp8x.webp', padded), file('late-vp8x-stripped.webp'))).toBe(true);
  const stripped = new Uint8Array(readFileSync(file('late-vp8x-stripped.webp')));
  expect(stripped).toEqual(riff([bitstream(simple), late]));
  expect(sniffImage(stripped, 1_000_000)).toMatchObject({ ok: true, image: { width: 16, height: 8 } });
});

/** An animation frame of the whole canvas: its fields (offset 0, size, 100 ms), then its chunks. */
const anmf = (width: number, height: number, chunks: Uint8Array[]) => {
  const fields = Buffer.alloc(16);
  fields.writeUIntLE(width - 1, 6, 3);
  fields.writeUIntLE(height - 1, 9, 3);
  fields.writeUIntLE(100, 12, 3);
  return chunk('ANMF', Buffer.concat([fields, ...chunks]));
};
const ANIMATION = 0x02;
const anim = chunk('ANIM', new Uint8Array(6));

// libwebp reads an ANMF's fields and bitstream, then what follows inside it as the file's chunks:
// an XMP chunk there was the file's XMP, kept by a walk that copied each ANMF whole.
test('chunks inside an animation frame after its bitstream are dropped, and the frame sizes follow', async () => {
  const simple = await photo(16, 8, 'webp');
  const frame = anmf(16, 8, [bitstream(simple)]);
  const padded = riff([
    vp8x(ANIMATION | XMP, 16, 8),
    anim,
    anmf(16, 8, [bitstream(simple), chunk('XMP ', filler(100_000)), chunk('JUNK', filler(11))]),
    chunk('JUNK', filler(30_000)),
    anmf(16, 8, [bitstream(simple), chunk('XMP ', filler(10))]),
  ]);
  const before = await sharp(padded, { pages: -1 }).metadata();
  expect(before).toMatchObject({ pages: 2, xmp: expect.any(Buffer) });
  expect(stripWebpPadding(file('frames.webp', padded), file('frames-stripped.webp'))).toBe(true);
  const stripped = new Uint8Array(readFileSync(file('frames-stripped.webp')));
  expect(stripped).toEqual(riff([vp8x(ANIMATION, 16, 8), anim, frame, frame]));
  const after = await sharp(stripped, { pages: -1 }).metadata();
  expect(after).toMatchObject({ pages: 2, width: 16, pageHeight: 8 });
  expect(after.xmp).toBeUndefined();
});
