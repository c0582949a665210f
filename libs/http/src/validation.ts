import type { MiddlewareHandler } from 'hono';
import { AppError } from './app-error';

/**
 * 413 past `maxBytes`. A declared length over it is refused at once; a chunked body is counted as
 * the route reads it and the read fails past the limit. Nothing is buffered here (hono's bodyLimit
 * holds a whole chunked body in memory before the route runs, outside any concurrency slot).
 */
export const limitBody =
  (maxBytes: number): MiddlewareHandler =>
  async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
    const length = c.req.header('content-length');
    if (length !== undefined && !c.req.header('transfer-encoding')) {
      if (Number(length) > maxBytes) throw tooLarge();
      return next();
    }
    let seen = 0;
    let exceeded = false;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen <= maxBytes) return controller.enqueue(chunk);
          exceeded = true;
          controller.error(tooLarge());
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
    // A reader may turn the failed read into an error of its own (the JSON validator answers 400
    // "Malformed JSON"): the limit is what failed.
    if (exceeded && c.res.status !== 413) throw tooLarge();
  };

/** 415 unless the body is declared as JSON. */
export const requireJson = (): MiddlewareHandler => async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  await next();
};
