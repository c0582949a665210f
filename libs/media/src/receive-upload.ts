import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { AppError } from '@greencommerce/http';

export type ReceivedUpload = {
  /** The text fields, first value of each name. */
  fields: Record<string, string>;
  /** The file part, written to the path given, or null when the body had none. */
  file: { path: string; size: number } | null;
};

export type ReceiveOptions = {
  /** Where the file part goes; the caller deletes it. */
  path: string;
  maxBytes: number;
  /** Names the file part may come under; the first such part is kept and any other file is drained. */
  fileFields: readonly string[];
};

const malformed = () => new AppError('BAD_REQUEST', 'Malformed multipart body');

/**
 * Streams a multipart body to disk: the file part is written to `opts.path` as it arrives, one
 * chunk at a time, so the file itself is never held in memory.
 * Past `maxBytes` it stops reading and answers 413. Nothing is left open when it settles (the
 * caller may delete the path at once), whether it resolves or rejects.
 */
export async function receiveUpload(request: Request, opts: ReceiveOptions): Promise<ReceivedUpload> {
  const type = request.headers.get('content-type') ?? '';
  if (type.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be multipart/form-data');
  }
  if (!request.body) throw malformed();
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': type },
      limits: { fileSize: opts.maxBytes, files: 4, fields: 16, parts: 20, fieldSize: 1024 },
    });
  } catch {
    throw malformed();
  }

  const { promise: failed, reject: fail } = Promise.withResolvers<never>();
  failed.catch(() => {});
  const fields: Record<string, string> = {};
  let file: ReceivedUpload['file'] = null;
  let written: Promise<void> = Promise.resolve();
  let closeOut: () => Promise<unknown> = async () => {};

  parser.on('field', (name, value) => {
    fields[name] ??= value;
  });
  parser.on('file', (name, stream: BusboyFileStream) => {
    if (file || !opts.fileFields.includes(name)) {
      stream.resume();
      return;
    }
    const received = { path: opts.path, size: 0 };
    file = received;
    // Bun's file writer flushes each 256 KiB to disk as it fills; with node:fs write streams the
    // same 16 concurrent 5 MiB uploads held about twice the memory (bench/upload-memory.ts).
    const sink = Bun.file(opts.path).writer({ highWaterMark: 256 * 1024 });
    let closed: Promise<unknown> | undefined;
    closeOut = () => {
      closed ??= Promise.resolve(sink.end());
      return closed;
    };
    stream.once('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `Images are limited to ${opts.maxBytes} bytes`)));
    stream.on('data', (chunk: Uint8Array) => {
      sink.write(chunk);
    });
    written = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    }).then(async () => {
      await closeOut();
      received.size = stream.bytesRead;
    });
    written.catch(fail);
  });
  parser.on('error', () => fail(malformed()));
  const parsed = new Promise<void>((resolve) => parser.once('finish', () => resolve()));

  const reader = request.body.getReader();
  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => parser.write(chunk, (err) => (err ? reject(err) : resolve())));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), failed]);
      if (next.done) break;
      await Promise.race([write(next.value), failed]);
    }
    parser.end();
    await Promise.race([parsed, failed]);
    await Promise.race([written, failed]);
    return { fields, file };
  } catch (err) {
    // Stop reading the rest of the body: an oversized or broken upload costs no more than this.
    reader.cancel().catch(() => {});
    parser.destroy();
    await closeOut();
    // A body-limit 413 from upstream keeps its meaning; a client that went away gets a 400 it will never read.
    throw err instanceof AppError ? err : malformed();
  }
}
