import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  inspect,
  jpegWithComment,
  phonePhoto,
  photo,
  png,
  pngBomb,
  pngWithoutPixels,
} from '@greencommerce/testing/images';
import { reencodeImage, UndecodableImage } from '../src/reencode-image';

const dir = mkdtempSync(path.join(tmpdir(), 'gc-reencode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function reencode(bytes: Uint8Array, ext: 'jpg' | 'png' | 'webp', maxPixels = 40_000_000) {
  const input = path.join(dir, `${++n}.in`);
  const output = path.join(dir, `${n}.out`);
  await Bun.write(input, bytes);
  const info = await reencodeImage(input, output, ext, maxPixels);
  const out = await Bun.file(output).bytes();
  expect(info.size).toBe(out.length);
  return { info, out, text: Buffer.from(out).toString('latin1') };
}
const contains = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(s);

describe('reencodeImage: only the pixels survive', () => {
  test('a <script> in a JPEG comment segment is not in the stored file', async () => {
    const crafted = await jpegWithComment('<script>alert(document.cookie)</script>');
    expect(contains(crafted, '<script>')).toBe(true);
    const { out } = await reencode(crafted, 'jpg');
    expect(contains(out, '<script>')).toBe(false);
    expect(contains(out, 'alert')).toBe(false);
    expect(await inspect(out)).toMatchObject({ format: 'jpeg', width: 16, height: 8, metadata: [] });
  });

  test('HTML in a PNG tEXt chunk is not in the stored file', async () => {
    const crafted = png(4, 4, undefined, ['Comment', '<html><body onload="alert(1)"></body></html>']);
    expect(contains(crafted, '<html>')).toBe(true);
    const { out } = await reencode(crafted, 'png');
    expect(contains(out, '<html>')).toBe(false);
    expect(contains(out, 'tEXt')).toBe(false);
    expect(await inspect(out)).toMatchObject({ format: 'png', width: 4, height: 4, metadata: [] });
  });

  test('a phone photo: orientation 6 is applied, then EXIF (GPS, camera) is dropped', async () => {
    const photo = await phonePhoto(32, 16);
    const before = await inspect(photo);
    expect(before).toMatchObject({ width: 32, height: 16, orientation: 6 });
    // The GPS IFD pointer (tag 0x8825, little-endian in this "II" EXIF block) and the camera make.
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(contains(photo, 'PhoneMaker')).toBe(true);

    const { out, info } = await reencode(photo, 'jpg');
    expect(info).toMatchObject({ width: 16, height: 32 });
    const after = await inspect(out);
    expect(after).toMatchObject({ format: 'jpeg', width: 16, height: 32, metadata: [] });
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(contains(out, 'PhoneMaker')).toBe(false);
    expect(contains(out, 'Exif')).toBe(false);
  });

  test('a PNG with a header but no image data is refused', async () => {
    await expect(reencode(pngWithoutPixels(), 'png')).rejects.toBeInstanceOf(UndecodableImage);
  });

  test('a JPEG cut short inside its pixel data, its end marker put back, is refused', async () => {
    // The sniffer only sees a well-formed start and end; libjpeg would grey-fill the missing rows
    // with a mere warning, so only failing on warnings keeps a damaged file out.
    const whole = await photo(64, 64);
    const cut = new Uint8Array([...whole.subarray(0, Math.floor(whole.length * 0.8)), 0xff, 0xd9]);
    await expect(reencode(cut, 'jpg')).rejects.toBeInstanceOf(UndecodableImage);
  });

  test('the pixel limit is what refuses a decompression bomb, from its header', async () => {
    // 9 MP of zeros in about a kilobyte: refused under a 4 MP limit, decoded under a 10 MP one.
    const bomb = pngBomb(3000);
    expect(bomb.length).toBeLessThan(20_000);
    await expect(reencode(bomb, 'png', 4_000_000)).rejects.toThrow(/pixel limit/);
    expect((await reencode(bomb, 'png', 10_000_000)).info).toMatchObject({ width: 3000, height: 3000 });
  });

  test('a 30000×30000 bomb (900 MP in ~100 KiB) is refused without decoding it', async () => {
    const bomb = pngBomb(30_000);
    expect(bomb.length).toBeLessThan(200_000);
    const rss = process.memoryUsage.rss();
    await expect(reencode(bomb, 'png')).rejects.toThrow(/pixel limit/);
    // Decoding it would need 900 MB at one byte a pixel; refusing it from the header needs almost nothing.
    expect(process.memoryUsage.rss() - rss).toBeLessThan(100 * 1024 * 1024);
  });
});
