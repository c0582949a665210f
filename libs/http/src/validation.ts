import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './app-error';

/** 413 past `maxBytes`, counted while the body streams in, whatever Content-Length claims. */
export const limitBody = (maxBytes: number): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
    },
  });

/**
 * The app-wide ceiling for routes without a limit of their own. Unlike limitBody it never buffers:
 * a declared length over the ceiling is refused at once, and a chunked body is counted as the
 * route reads it, failing the read with 413 past the ceiling.
 */
export const bodyCeiling =
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
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(tooLarge());
          else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    await next();
  };

/** 415 unless the body is declared as JSON. */
export const requireJson = (): MiddlewareHandler => async (c, next) => {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  await next();
};
