import { describe, expect, test } from 'bun:test';
import { jpeg, png, polyglot, svg, text, webp } from '@greencommerce/testing/images';
import { type ByteSource, memorySource } from '../src/byte-source';
import { sniffImage } from '../src/sniff-image';

const MAX = 40_000_000;

describe('sniffImage (pure logic)', () => {
  test('recognises PNG, JPEG and WebP by their bytes and reads their size', () => {
    expect(sniffImage(png(3, 2), MAX)).toEqual({
      ok: true,
      image: { ext: 'png', contentType: 'image/png', width: 3, height: 2 },
    });
    expect(sniffImage(jpeg(640, 480), MAX)).toEqual({
      ok: true,
      image: { ext: 'jpg', contentType: 'image/jpeg', width: 640, height: 480 },
    });
    expect(sniffImage(webp(100, 50), MAX)).toEqual({
      ok: true,
      image: { ext: 'webp', contentType: 'image/webp', width: 100, height: 50 },
    });
  });

  test('accepts real images made by other tools (fixtures/README.md)', async () => {
    const read = async (name: string) =>
      new Uint8Array(await Bun.file(`${import.meta.dir}/fixtures/${name}`).arrayBuffer());
    expect(sniffImage(await read('rust-embedded-verify.jpeg'), MAX)).toMatchObject({
      ok: true,
      image: { ext: 'jpg', width: 720, height: 477 },
    });
    expect(sniffImage(await read('rustdoc-collapsed-long-item.png'), MAX)).toMatchObject({
      ok: true,
      image: { ext: 'png' },
    });
    expect(sniffImage(await read('python.webp'), MAX)).toMatchObject({
      ok: true,
      image: { ext: 'webp', width: 16, height: 16 },
    });
  });

  test('refuses SVG, text and empty input', () => {
    expect(sniffImage(svg(), MAX)).toEqual({ ok: false, reason: 'unsupported' });
    expect(sniffImage(text(), MAX)).toEqual({ ok: false, reason: 'unsupported' });
    expect(sniffImage(new Uint8Array(), MAX)).toEqual({ ok: false, reason: 'unsupported' });
  });

  test('refuses polyglots and truncated files', () => {
    expect(sniffImage(polyglot(), MAX)).toEqual({ ok: false, reason: 'malformed' });
    expect(sniffImage(png().subarray(0, 40), MAX)).toEqual({ ok: false, reason: 'malformed' });
    expect(sniffImage(new Uint8Array([...jpeg(), 0x3c, 0x68]), MAX)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(sniffImage(new Uint8Array([...webp(), 0, 0]), MAX)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('refuses pixel floods by their declared dimensions', () => {
    expect(sniffImage(png(2, 2, { width: 100_000, height: 100_000 }), MAX)).toEqual({
      ok: false,
      reason: 'too-many-pixels',
    });
    expect(sniffImage(jpeg(65_000, 65_000), MAX)).toEqual({ ok: false, reason: 'too-many-pixels' });
    expect(sniffImage(webp(16_000, 16_000), MAX)).toEqual({ ok: false, reason: 'too-many-pixels' });
    expect(sniffImage(png(2, 2, { width: 0, height: 5 }), MAX)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a JPEG of nothing but fill bytes is scanned in blocks, not one file read per byte', () => {
    // Uploads are sniffed with synchronous reads from disk: one per byte of a 5 MB upload blocked
    // the whole server for seconds.
    const fill = new Uint8Array(1024 * 1024).fill(0xff);
    fill[1] = 0xd8;
    fill[fill.length - 1] = 0xd9;
    const inner = memorySource(fill);
    let reads = 0;
    const counted: ByteSource = {
      size: inner.size,
      read: (at, length) => {
        reads++;
        return inner.read(at, length);
      },
    };
    expect(sniffImage(counted, MAX)).toEqual({ ok: false, reason: 'malformed' });
    // Fewer than one read per KiB (blocks are small: see buffered), not one per byte.
    expect(reads).toBeLessThan(fill.length / 1024);
  });
});
