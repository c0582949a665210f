import { releaseBytes } from './release-bytes';

/** The body does not follow multipart/form-data (RFC 7578): a cut-off body, a bad delimiter line, oversized headers. */
export class MalformedMultipart extends Error {}

/** Where one part's bytes go. The bytes handed to `write` are only valid during the call. */
export type PartSink = { write(bytes: Uint8Array): void; end(): void };

/** A part's name, and its filename when it is a file (an empty one included, as browsers send for "no file"). */
export type PartHeaders = { name: string; filename: string | undefined };

/** A Buffer over its own ArrayBuffer (never Node's shared pool), so that it can be released. */
const ownBuffer = (size: number) => Buffer.from(new ArrayBuffer(size));

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

/** The boundary parameter of a multipart Content-Type, or null (RFC 2046: 1 to 70 characters). */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return m?.[1] ?? m?.[2] ?? null;
}

/** `form-data; name="image"; filename="a.png"` → its name and filename (quoted, with escapes, or bare). */
function disposition(value: string): PartHeaders | null {
  if (!/^\s*form-data\s*(;|$)/i.test(value)) return null;
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = (m[1] ?? '').toLowerCase();
    params[key] ??= m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
  }
  if (params.name === undefined) return null;
  return { name: params.name, filename: params.filename ?? params['filename*'] };
}

/**
 * A push parser for multipart/form-data that copies nothing it need not: each chunk is searched for
 * the delimiter with one native search, and a part's bytes go to its sink as views of the chunk.
 * Only the few bytes that may begin a delimiter cut by a chunk's end are carried over, in one
 * window reused for the whole body, so memory stays at about one chunk whatever the body's size.
 */
export class MultipartParser {
  private readonly delimiter: Buffer;
  private state: 'preamble' | 'delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  private window: Buffer;
  private carried: number;
  private sink: PartSink | null = null;
  private parts = 0;

  constructor(
    boundary: string,
    private readonly onPart: (part: PartHeaders) => PartSink | null,
    private readonly maxParts = 20,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    // The first delimiter has no line break before it; starting with one lets a single search find them all.
    this.window = ownBuffer(64 * 1024);
    this.window.set([CR, LF]);
    this.carried = 2;
  }

  get done() {
    return this.state === 'done';
  }

  /** Takes the next chunk; throws MalformedMultipart, or whatever a sink throws. */
  push(chunk: Uint8Array) {
    // The epilogue after the closing delimiter is ignored, as RFC 2046 says.
    if (this.state === 'done') return;
    const end = this.carried + chunk.length;
    if (this.window.length < end) {
      const grown = ownBuffer(end);
      grown.set(this.window.subarray(0, this.carried));
      releaseBytes(this.window);
      this.window = grown;
    }
    this.window.set(chunk, this.carried);
    const kept = this.consume(this.window.subarray(0, end));
    this.window.copyWithin(0, kept, end);
    this.carried = end - kept;
  }

  /** Frees the window at once (see releaseBytes); the parser is not used afterwards. */
  release() {
    releaseBytes(this.window);
  }

  /** The body ended: throws unless its closing delimiter was seen. */
  end() {
    if (this.state !== 'done') throw new MalformedMultipart('The body ended before its closing delimiter');
  }

  /** Parses what it can of `view`; returns where the bytes to carry over begin. */
  private consume(view: Buffer): number {
    const end = view.length;
    let at = 0;
    for (;;) {
      if (this.state === 'done') return end;
      if (this.state === 'preamble' || this.state === 'body') {
        const found = view.indexOf(this.delimiter, at);
        // Without a delimiter, the last bytes may be the start of one: they wait for the next chunk.
        const stop = found >= 0 ? found : Math.max(at, end - (this.delimiter.length - 1));
        if (stop > at) this.sink?.write(view.subarray(at, stop));
        if (found < 0) return stop;
        this.sink?.end();
        this.sink = null;
        at = found + this.delimiter.length;
        this.state = 'delimiter';
      } else if (this.state === 'delimiter') {
        if (end - at < 2) return at;
        if (view[at] === DASH && view[at + 1] === DASH) {
          this.state = 'done';
          return end;
        }
        // Transport padding (spaces and tabs) may follow a delimiter before its line break.
        let p = at;
        while (p < end && p - at < 256 && (view[p] === 0x20 || view[p] === 0x09)) p++;
        if (end - p < 2 && p - at < 256) return at;
        if (view[p] !== CR || view[p + 1] !== LF) throw new MalformedMultipart('Bad delimiter line');
        at = p + 2;
        this.state = 'headers';
      } else {
        const empty = end - at >= 2 && view[at] === CR && view[at + 1] === LF;
        const found = empty ? at : view.indexOf(HEADER_END, at);
        if (found < 0 || found - at > MAX_HEADER_BYTES) {
          if (found >= 0 || end - at > MAX_HEADER_BYTES) throw new MalformedMultipart('Part headers too long');
          return at;
        }
        this.startPart(view.toString('utf8', at, found));
        at = found + (empty ? 2 : 4);
        this.state = 'body';
      }
    }
  }

  private startPart(headers: string) {
    if (++this.parts > this.maxParts) throw new MalformedMultipart('Too many parts');
    const line = headers.split('\r\n').find((l) => /^content-disposition\s*:/i.test(l));
    const part = line ? disposition(line.slice(line.indexOf(':') + 1)) : null;
    // A part that names no form field is skipped, as browsers never send one.
    this.sink = part ? this.onPart(part) : null;
  }
}
