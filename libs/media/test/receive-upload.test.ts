import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { receiveUpload } from '../src/receive-upload';

const dir = mkdtempSync(path.join(tmpdir(), 'gc-receive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the file reaches the disk whole, and each chunk of the body is released once written', async () => {
  const image = new Uint8Array(300 * 1024).map((_, i) => (i * 7) & 255);
  const form = new FormData();
  form.append('userId', '7');
  form.append('image', new File([image], 'a.png'));
  const encoded = new Request('http://media.test/', { method: 'POST', body: form });
  const type = encoded.headers.get('content-type') ?? '';
  const body = new Uint8Array(await encoded.arrayBuffer());
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < body.length; at += 16 * 1024) chunks.push(body.slice(at, at + 16 * 1024));
  const unsent = [...chunks];
  const request = new Request('http://media.test/upload', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = unsent.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  const file = path.join(dir, 'upload');
  const received = await receiveUpload(request, { path: file, maxBytes: 1024 * 1024, fileFields: ['image'] });
  expect(received).toEqual({ fields: { userId: '7' }, file: { path: file, size: image.length } });
  expect(new Uint8Array(readFileSync(file))).toEqual(image);
  // Released at once rather than left for the garbage collector, which counts such bytes late.
  expect(chunks.map((c) => c.byteLength)).toEqual(chunks.map(() => 0));
});
