import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedPixels, inspect, jpeg, phonePhoto, photo } from '@greencommerce/testing/images';
import sharp from 'sharp';
import { MAX_IMAGE_PARTS } from '../src/part-limit';
import { reencodeImage } from '../src/reencode-image';
import { stripJpegPadding } from '../src/strip-jpeg';

const dir = mkdtempSync(path.join(tmpdir(), 'gc-strip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes?: Uint8Array) => {
  const at = path.join(dir, name);
  if (bytes) writeFileSync(at, bytes);
  return at;
};

/** `jpeg` with comment and XMP segments of `size` bytes in all inserted right after SOI. */
function padded(jpeg: Uint8Array, size: number) {
  const segments: number[] = [];
  for (let left = size; left > 0; ) {
    const length = Math.min(left, 65535);
    const xmp = segments.length === 0;
    const body = xmp ? 'http://ns.adobe.com/xap/1.0/\0' : '';
    segments.push(0xff, xmp ? 0xe1 : 0xfe, length >> 8, length & 255, ...Buffer.from(body, 'latin1'));
    segments.push(...new Array(length - 2 - body.length).fill(0x20));
    left -= length + 2;
  }
  return new Uint8Array([...jpeg.subarray(0, 2), ...segments, ...jpeg.subarray(2)]);
}

test('a padded JPEG loses its comments and XMP but keeps what its pixels need: same pixels, upright', async () => {
  const photo = await phonePhoto(32, 16);
  const input = file('in.jpg', padded(photo, 200 * 1024));
  expect(stripJpegPadding(input, file('stripped.jpg'))).toBe(true);
  const stripped = new Uint8Array(readFileSync(file('stripped.jpg')));
  // The phone photo has EXIF (orientation, GPS) and an ICC profile, no comment: it comes back byte for byte.
  expect(stripped).toEqual(photo);
  expect(Buffer.from(stripped).toString('latin1')).toContain('Exif\0');
  await reencodeImage(file('stripped.jpg'), file('from-stripped.jpg'), 'jpg', 1_000_000);
  await reencodeImage(file('plain.jpg', photo), file('from-plain.jpg'), 'jpg', 1_000_000);
  const a = new Uint8Array(readFileSync(file('from-stripped.jpg')));
  const b = new Uint8Array(readFileSync(file('from-plain.jpg')));
  expect(await inspect(a)).toMatchObject({ width: 16, height: 32 });
  expect(await changedPixels(a, b, 0)).toBe(0);
});

test('a JPEG with little to drop is left as it is', async () => {
  const input = file('small.jpg', padded(await phonePhoto(), 8 * 1024));
  expect(stripJpegPadding(input, file('not-written.jpg'))).toBe(false);
});

/** `jpeg` with `count` copies of a full-size (64 KiB) APPn segment starting with `head`, right after SOI. */
function repeated(jpeg: Uint8Array, marker: number, head: number[], count: number) {
  const segment = new Uint8Array(2 + 65535).fill(0x20);
  segment.set([0xff, marker, 0xff, 0xff, ...head]);
  const out = new Uint8Array(jpeg.length + count * segment.length);
  out.set(jpeg.subarray(0, 2));
  for (let i = 0; i < count; i++) out.set(segment, 2 + i * segment.length);
  out.set(jpeg.subarray(2), 2 + count * segment.length);
  return out;
}

const latin1 = (text: string) => [...Buffer.from(text, 'latin1')];
// Padding dressed as the segments the pixels need: libjpeg and libvips keep them all in memory as
// comments (5 MiB of ICC chunks cost ~25 MiB of peak RSS in one decode), but use only one JFIF,
// the last Adobe, and a profile no real one reaches.
const dressed = [
  ['JFIF', APP(0), latin1('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')],
  ['Adobe', APP(14), latin1('Adobe\0\x64\0\0\0\0\x01')],
  ['ICC_PROFILE', APP(2), latin1('ICC_PROFILE\0')],
] as const;
function APP(n: number) {
  return 0xe0 + n;
}
for (const [name, marker, head] of dressed) {
  test(`padding dressed as ${name} segments is dropped too, and the pixels are the same`, async () => {
    const plain = await phonePhoto(32, 16);
    const input = file(`${name}.jpg`, repeated(plain, marker, head, 40));
    expect(stripJpegPadding(input, file(`${name}-stripped.jpg`))).toBe(true);
    // One copy at most is kept.
    expect(readFileSync(file(`${name}-stripped.jpg`)).length).toBeLessThanOrEqual(plain.length + 2 + 65535);
    await reencodeImage(file(`${name}-stripped.jpg`), file(`${name}-from-stripped.jpg`), 'jpg', 1_000_000);
    await reencodeImage(input, file(`${name}-from-padded.jpg`), 'jpg', 1_000_000);
    const a = new Uint8Array(readFileSync(file(`${name}-from-stripped.jpg`)));
    const b = new Uint8Array(readFileSync(file(`${name}-from-padded.jpg`)));
    expect(await changedPixels(a, b, 0)).toBe(0);
  });
}

test('a header of the smallest segments (4-byte comments) is stripped to what the pixels need', async () => {
  const plain = await phonePhoto(32, 16);
  // As many as a walk may step over (MAX_IMAGE_PARTS; past it the upload is refused), less the photo's own.
  const comments = new Uint8Array(4 * (MAX_IMAGE_PARTS - 100));
  for (let at = 0; at < comments.length; at += 4) comments.set([0xff, 0xfe, 0, 2], at);
  const input = file('tiny.jpg', new Uint8Array([...plain.subarray(0, 2), ...comments, ...plain.subarray(2)]));
  expect(stripJpegPadding(input, file('tiny-stripped.jpg'))).toBe(true);
  expect(new Uint8Array(readFileSync(file('tiny-stripped.jpg')))).toEqual(plain);
});

test('comments between the scans of a progressive JPEG are dropped too: same bytes as without them', async () => {
  const plain = new Uint8Array(
    await sharp(await photo(64, 64))
      .jpeg({ progressive: true })
      .toBuffer(),
  );
  const secondScan = plain.indexOf(0xda, plain.indexOf(0xda) + 1) - 1;
  const comments = repeated(new Uint8Array(2), 0xfe, [], 3).subarray(2);
  const padded = new Uint8Array([...plain.subarray(0, secondScan), ...comments, ...plain.subarray(secondScan)]);
  expect(stripJpegPadding(file('progressive.jpg', padded), file('progressive-stripped.jpg'))).toBe(true);
  expect(new Uint8Array(readFileSync(file('progressive-stripped.jpg')))).toEqual(plain);
});

test('in scan data, stuffed zeros, restart markers and fill bytes are data, not segments', () => {
  const scan = (data: number[]) => [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, ...data];
  const structure = (between: number[]) =>
    new Uint8Array([
      ...jpeg(8, 8).subarray(0, jpeg(8, 8).indexOf(0xda) - 1),
      ...scan([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd1, 0x78]),
      ...between,
      ...scan([0x9a, 0xff, 0x00]),
      0xff,
      0xd9,
    ]);
  const comments = [...repeated(new Uint8Array(2), 0xfe, [], 2).subarray(2)];
  expect(stripJpegPadding(file('scans.jpg', structure(comments)), file('scans-stripped.jpg'))).toBe(true);
  expect(new Uint8Array(readFileSync(file('scans-stripped.jpg')))).toEqual(structure([]));
});
