import net from 'node:net';

export type RawResponse = { status: number; headers: Record<string, string>; body: string; raw: string };

/**
 * One HTTP/1.1 exchange over a plain TCP socket, for what fetch will not send: malformed request
 * lines and headers, lying Content-Length, bodies trickled in pieces. `send` writes bytes; the
 * returned `response` resolves with what the server answered once it closes the connection (the
 * requests say `connection: close`), or with status 0 when it closed without answering.
 */
export async function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunks: Buffer[] = [];
  let answering = () => {};
  const firstByte = new Promise<void>((resolve) => {
    answering = resolve;
  });
  socket.on('data', (d: Buffer) => {
    chunks.push(d);
    answering();
  });
  const response = new Promise<RawResponse>((resolve) => {
    socket.on('error', () => {});
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('latin1'))));
  });
  return {
    send: (bytes: string | Uint8Array) => new Promise<void>((resolve) => socket.write(bytes, () => resolve())),
    /** Resolves when the server starts answering, which may be before the request is all sent. */
    firstByte,
    /** Hangs up, as a client that gave up does. */
    abandon: () => socket.destroy(),
    response,
  };
}

/** Sends one complete raw request and waits for the answer. */
export async function rawRequest(port: number, request: string | Uint8Array): Promise<RawResponse> {
  const c = await rawConnection(port);
  await c.send(request);
  return c.response;
}

function parseResponse(raw: string): RawResponse {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  let body = rest.join('\r\n\r\n');
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  // Parsed as latin1 so chunk sizes count bytes; the body itself is UTF-8.
  body = Buffer.from(body, 'latin1').toString('utf8');
  return { status: Number(statusLine.split(' ')[1] ?? 0) || 0, headers, body, raw };
}

function unchunk(body: string): string {
  let out = '';
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.slice(at, eol), 16);
    if (!size) break;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
  return out;
}
