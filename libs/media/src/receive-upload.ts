import { closeSync, openSync, writeSync } from 'node:fs';
import { AppError } from '@greencommerce/http';
import { MultipartParser, multipartBoundary, type PartSink } from './multipart-parser';
import { releaseBytes } from './release-bytes';
import { onTempStorage, TempStorageUnavailableError } from './temp-storage';

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

const MAX_FILES = 4;
const MAX_FIELDS = 16;
const MAX_FIELD_BYTES = 1024;

const malformed = () => new AppError('BAD_REQUEST', 'Malformed multipart body');

/** Collects a text field of at most MAX_FIELD_BYTES (a copy: the bytes it is handed are views of a chunk). */
function fieldSink(done: (value: string) => void): PartSink {
  const bytes = new Uint8Array(MAX_FIELD_BYTES);
  let size = 0;
  return {
    write(chunk) {
      if (size + chunk.length > MAX_FIELD_BYTES) throw malformed();
      bytes.set(chunk, size);
      size += chunk.length;
    },
    end: () => done(new TextDecoder().decode(bytes.subarray(0, size))),
  };
}

/** Writes straight from the chunk to the file descriptor: no copy, and nothing queued in memory. */
function fileSink(fd: number, received: { size: number }, maxBytes: number): PartSink {
  return {
    write(chunk) {
      received.size += chunk.length;
      if (received.size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Images are limited to ${maxBytes} bytes`);
      onTempStorage(() => {
        for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at, chunk.length - at);
      });
    },
    end() {},
  };
}

/**
 * Streams a multipart body to disk: the file part is written to `opts.path` as each chunk arrives,
 * and each chunk is released once written, so neither the file nor the chunks that carried it stay
 * in memory. Past `maxBytes` it stops reading and answers 413. Nothing is left open when it settles
 * (the caller may delete the path at once), whether it resolves or rejects.
 */
export async function receiveUpload(request: Request, opts: ReceiveOptions): Promise<ReceivedUpload> {
  const type = request.headers.get('content-type') ?? '';
  if (type.split(';')[0]?.trim().toLowerCase() !== 'multipart/form-data') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be multipart/form-data');
  }
  const boundary = multipartBoundary(type);
  if (!request.body || !boundary) throw malformed();

  const fields: Record<string, string> = {};
  let file: ReceivedUpload['file'] = null;
  let fd: number | undefined;
  let fieldCount = 0;
  let fileCount = 0;
  const parser = new MultipartParser(boundary, ({ name, filename }) => {
    if (filename === undefined) {
      if (++fieldCount > MAX_FIELDS) throw malformed();
      return fieldSink((value) => {
        fields[name] ??= value;
      });
    }
    if (++fileCount > MAX_FILES) throw malformed();
    if (file || !opts.fileFields.includes(name)) return null;
    fd = onTempStorage(() => openSync(opts.path, 'w'));
    file = { path: opts.path, size: 0 };
    return fileSink(fd, file, opts.maxBytes);
  });

  const reader = request.body.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      // Synchronous: the file's bytes are on disk when it returns, and the chunk can go.
      parser.push(next.value);
      releaseBytes(next.value);
    }
    parser.end();
    return { fields, file };
  } catch (err) {
    // Stop reading the rest of the body: an oversized or broken upload costs no more than this.
    reader.cancel().catch(() => {});
    // A body-limit 413 from upstream and a full disk keep their meaning; a client that went away gets a 400 it will never read.
    throw err instanceof AppError || err instanceof TempStorageUnavailableError ? err : malformed();
  } finally {
    parser.release();
    if (fd !== undefined) closeSync(fd);
  }
}
