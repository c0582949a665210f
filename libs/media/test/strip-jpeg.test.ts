import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changedPixels, inspect, phonePhoto } from '@greencommerce/testing/images';
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
