import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DependencyUnavailableError } from '@greencommerce/contracts';
import { bigJpeg, photo, png } from '@greencommerce/testing/images';
import { receiveUpload } from '../src/receive-upload';
import { reencodeImage } from '../src/reencode-image';
import { stripJpegPadding } from '../src/strip-jpeg';
import { withUploadedImage } from '../src/uploaded-image';

// A full upload folder is the server's dependency failing, not a damaged upload: 503 naming it, never
// 400 "Malformed multipart body" or "could not be decoded". /dev/full answers every write with ENOSPC.
const dir = mkdtempSync(path.join(tmpdir(), 'gc-temp-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unavailable = (err: unknown) =>
  err instanceof DependencyUnavailableError ? err.message : `not a dependency failure: ${String(err)}`;
const upload = (bytes: Uint8Array<ArrayBuffer>) => {
  const form = new FormData();
  form.append('image', new File([bytes], 'a.png'));
  return new Request('http://media.test/upload', { method: 'POST', body: form });
};

test('the upload cannot be written: temporary storage unavailable', async () => {
  const received = receiveUpload(upload(png()), { path: '/dev/full', maxBytes: 1024 * 1024, fileFields: ['image'] });
  expect(await received.then(String, unavailable)).toBe('temporary storage unavailable');
});

test('the re-encoding cannot be written: temporary storage unavailable', async () => {
  const input = path.join(dir, 'in.jpg');
  writeFileSync(input, await photo());
  expect(await reencodeImage(input, '/dev/full', 'jpg', 1_000_000).then(String, unavailable)).toBe(
    'temporary storage unavailable',
  );
});

test('the stripped copy cannot be written: temporary storage unavailable', () => {
  const input = path.join(dir, 'padded.jpg');
  writeFileSync(input, bigJpeg(200 * 1024));
  expect(() => stripJpegPadding(input, '/dev/full')).toThrow(DependencyUnavailableError);
});

test('the upload folder cannot be made: temporary storage unavailable', async () => {
  const notADirectory = path.join(dir, 'file');
  writeFileSync(notADirectory, '');
  const opts = { tmpDir: path.join(notADirectory, 'uploads'), maxBytes: 1024, maxPixels: 100, fileFields: ['image'] };
  const result = withUploadedImage(upload(png()), opts, async () => 'stored');
  expect(await result.then(String, unavailable)).toBe('temporary storage unavailable');
});
