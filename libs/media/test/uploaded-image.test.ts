import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '@greencommerce/http';
import { jpeg, photo, png } from '@greencommerce/testing/images';
import { MAX_IMAGE_PARTS } from '../src/part-limit';
import { UPLOADS_PER_ACCOUNT, uploadSlots } from '../src/upload-slots';
import { type UploadOptions, withUploadedImage } from '../src/uploaded-image';

const tmpDir = mkdtempSync(path.join(tmpdir(), 'gc-uploaded-'));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));
const opts: UploadOptions = { tmpDir, maxBytes: 64 * 1024, maxPixels: 1_000_000, fileFields: ['image', 'file'] };

const multipart = (fields: Record<string, Blob | string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request('http://media.test/upload', { method: 'POST', body: form });
};
const code = (err: unknown) => (err instanceof AppError ? `${err.status} ${err.code}` : String(err));

describe('withUploadedImage', () => {
  test('hands over a re-encoded file with its type and size, then deletes every temporary file', async () => {
    let seen = '';
    const result = await withUploadedImage(
      multipart({ note: 'hi', file: new File([png(5, 4)], 'a.bin') }),
      opts,
      async (image, fields) => {
        seen = image.path;
        expect(existsSync(image.path)).toBe(true);
        expect(Bun.file(image.path).size).toBe(image.size);
        expect(fields).toEqual({ note: 'hi' });
        return { ext: image.ext, contentType: image.contentType, width: image.width, height: image.height };
      },
    );
    expect(result).toEqual({ ext: 'png', contentType: 'image/png', width: 5, height: 4 });
    expect(existsSync(seen)).toBe(false);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  test('a PNG padded with text chunks is re-encoded (from its stripped copy), and no file is left', async () => {
    const plain = png(6, 3);
    const text = new Uint8Array(12 + 100 * 1024);
    new DataView(text.buffer).setUint32(0, 100 * 1024);
    text.set(Buffer.from('tEXtComment\0', 'latin1'), 4);
    const padded = new Uint8Array([...plain.subarray(0, 33), ...text, ...plain.subarray(33)]);
    const result = await withUploadedImage(
      multipart({ image: new File([padded], 'a.png') }),
      { ...opts, maxBytes: 1024 * 1024 },
      async (image) => [image.ext, image.width, image.height],
    );
    expect(result).toEqual(['png', 6, 3]);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  test('when the caller fails (storage down), the files are deleted all the same', async () => {
    const failure = withUploadedImage(multipart({ image: new File([png()], 'a.png') }), opts, async () => {
      throw new Error('storage down');
    });
    await expect(failure).rejects.toThrow('storage down');
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  test('a file over the limit is 413 and the rest of the body is never read', async () => {
    let pulled = 0;
    const boundary = 'xyz';
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="big.png"\r\n\r\n`,
    );
    // An endless body: only a server that stops reading lets this test end.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = pulled === 0 ? head : new Uint8Array(16 * 1024);
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const request = new Request('http://media.test/upload', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    const err = await withUploadedImage(request, opts, async () => 'stored').catch((e) => e);
    expect(code(err)).toBe('413 PAYLOAD_TOO_LARGE');
    expect(pulled).toBeLessThan(opts.maxBytes + 256 * 1024);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  test('refusals: missing file, a text field named image, not multipart, no boundary, cut-off body, field check', async () => {
    const refused = (request: Request, o: UploadOptions = opts) =>
      withUploadedImage(request, o, async () => 'stored').catch(code);
    expect(await refused(multipart({ userId: '1' }))).toBe('400 BAD_REQUEST');
    expect(await refused(multipart({ image: 'not a file' }))).toBe('400 BAD_REQUEST');
    const asText = await withUploadedImage(multipart({ image: 'pixels pasted as text' }), opts, async () => 'x').catch(
      (err: Error) => err.message,
    );
    expect(asText).toBe(
      "The `image` field came as text: send it as a file, with a filename (curl -F 'image=@photo.jpg')",
    );
    expect(await refused(new Request('http://m/u', { method: 'POST', body: '{}' }))).toBe('415 UNSUPPORTED_MEDIA_TYPE');
    const noBoundary = { 'content-type': 'multipart/form-data' };
    expect(await refused(new Request('http://m/u', { method: 'POST', headers: noBoundary, body: 'x' }))).toBe(
      '400 BAD_REQUEST',
    );
    const cut = new Request('http://m/u', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nunterminated',
    });
    expect(await refused(cut)).toBe('400 BAD_REQUEST');
    const forbid = () => {
      throw new AppError('FORBIDDEN', 'no');
    };
    expect(
      await refused(multipart({ userId: '2', image: new File([png()], 'a.png') }), { ...opts, checkFields: forbid }),
    ).toBe('403 FORBIDDEN');
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});

// Each strip walks a file up to three times on the event loop: a file of a million empty segments
// held it ~0.6 s. Past MAX_IMAGE_PARTS steps the upload is refused instead of walked on.
test('an image made of too many segments or chunks is a 400, for each format, and no file is left', async () => {
  const many = MAX_IMAGE_PARTS + 10;
  const repeat = (part: number[]) => new Uint8Array(many * part.length).map((_, i) => part[i % part.length]!);
  const base = jpeg(16, 16);
  const sos = base.indexOf(0xda) - 1;
  const comments = Buffer.concat([base.subarray(0, sos), repeat([0xff, 0xfe, 0, 2]), base.subarray(sos)]);
  const plain = png(4, 4);
  const afterIhdr = 33;
  const chunks = Buffer.concat([
    plain.subarray(0, afterIhdr),
    repeat([0, 0, 0, 0, 0x7a, 0x7a, 0x5a, 0x7a, 0, 0, 0, 0]),
    plain.subarray(afterIhdr),
  ]);
  const simple = await photo(16, 8, 'webp');
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  vp8x.writeUIntLE(15, 12, 3);
  vp8x.writeUIntLE(7, 15, 3);
  const body = Buffer.concat([vp8x, repeat([0x4a, 0x55, 0x4e, 0x4b, 0, 0, 0, 0]), simple.subarray(12)]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  const roomy = { ...opts, maxBytes: 2 * 1024 * 1024 };
  for (const [name, bytes] of [
    ['a.jpg', comments],
    ['a.png', chunks],
    ['a.webp', Buffer.concat([head, body])],
  ] as const) {
    const answer = await withUploadedImage(
      multipart({ image: new File([bytes], name) }),
      roomy,
      async () => 'stored',
    ).catch((err: unknown) => `${code(err)} ${(err as Error).message}`);
    expect([name, answer]).toEqual([
      name,
      `400 BAD_REQUEST The image is made of more than ${MAX_IMAGE_PARTS} segments or chunks`,
    ]);
  }
  expect(readdirSync(tmpDir)).toEqual([]);
});

describe('withUploadedImage with slots', () => {
  test('an admitted upload reads its body while another holds the only slot; past admission, 429 unread', async () => {
    const slots = uploadSlots({ concurrency: 1, queueLimit: 1 });
    const { promise: release, resolve: letGo } = Promise.withResolvers<void>();
    const { promise: holding, resolve: held } = Promise.withResolvers<void>();
    const as = (uploader: string) => ({ ...opts, admission: { slots, uploader } });
    const first = withUploadedImage(multipart({ image: new File([png()], 'a.png') }), as('a'), async () => {
      held();
      await release;
      return 'first';
    });
    await holding;
    // The second upload's body, pulled chunk by chunk: it is read to its end while the slot is taken.
    const form = new Request('http://media.test/', {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.append('image', new File([png()], 'b.png'));
        return f;
      })(),
    });
    const type = form.headers.get('content-type') ?? '';
    const bytes = new Uint8Array(await form.arrayBuffer());
    const { promise: readToEnd, resolve: ended } = Promise.withResolvers<void>();
    let unreadOfThird = true;
    const streamed = (onEnd: () => void) =>
      new Request('http://media.test/upload', {
        method: 'POST',
        headers: { 'content-type': type },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice());
          },
          pull(controller) {
            onEnd();
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const second = withUploadedImage(streamed(ended), as('b'), async () => 'second');
    await readToEnd;
    const third = await withUploadedImage(
      streamed(() => {
        unreadOfThird = false;
      }),
      as('c'),
      async () => 'third',
    ).catch(code);
    expect(third).toBe('429 TOO_MANY_REQUESTS');
    expect(unreadOfThird).toBe(true);
    letGo();
    expect([await first, await second]).toEqual(['first', 'second']);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  test('one account has at most UPLOADS_PER_ACCOUNT admitted at once: its next is 429 unread, another account still gets in', async () => {
    const slots = uploadSlots({ concurrency: 8, queueLimit: 8 });
    const { promise: release, resolve: letGo } = Promise.withResolvers<void>();
    const holding: Promise<string>[] = [];
    for (let i = 0; i < UPLOADS_PER_ACCOUNT; i++) {
      const { promise: inUse, resolve: using } = Promise.withResolvers<void>();
      holding.push(
        withUploadedImage(
          multipart({ image: new File([png()], 'a.png') }),
          { ...opts, admission: { slots, uploader: 'user:1' } },
          async () => {
            using();
            await release;
            return 'held';
          },
        ),
      );
      await inUse;
    }
    let read = false;
    const unread = new Request('http://media.test/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: new ReadableStream<Uint8Array>({
        // One chunk queued fills the stream: pull runs only once somebody reads.
        start(controller) {
          controller.enqueue(new TextEncoder().encode('--b\r\n'));
        },
        pull(controller) {
          read = true;
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    const refused = await withUploadedImage(
      unread,
      { ...opts, admission: { slots, uploader: 'user:1' } },
      async () => 'x',
    ).catch(code);
    expect([refused, read]).toEqual(['429 TOO_MANY_REQUESTS', false]);
    const other = withUploadedImage(
      multipart({ image: new File([png()], 'b.png') }),
      { ...opts, admission: { slots, uploader: 'user:2' } },
      async () => 'other',
    );
    expect(await other).toBe('other');
    letGo();
    expect(await Promise.all(holding)).toEqual(['held', 'held']);
    // Its uploads done, the account gets in again.
    const again = withUploadedImage(
      multipart({ image: new File([png()], 'c.png') }),
      { ...opts, admission: { slots, uploader: 'user:1' } },
      async () => 'again',
    );
    expect(await again).toBe('again');
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});
