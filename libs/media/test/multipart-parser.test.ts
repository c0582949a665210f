import { describe, expect, test } from 'bun:test';
import { MalformedMultipart, MultipartParser, multipartBoundary, type PartHeaders } from '../src/multipart-parser';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** Parses `body` fed in chunks of `size` bytes; returns each part with its bytes as text. */
function parse(body: Uint8Array, size: number, boundary = 'b0undary') {
  const parts: (PartHeaders & { text: string; ended: boolean })[] = [];
  const parser = new MultipartParser(boundary, (headers) => {
    const part = { ...headers, text: '', ended: false };
    parts.push(part);
    return {
      // The bytes are views of the chunk: decoded at once, as a sink must.
      write: (bytes) => {
        part.text += Buffer.from(bytes).toString('latin1');
      },
      end: () => {
        part.ended = true;
      },
    };
  });
  for (let at = 0; at < body.length; at += size) parser.push(body.slice(at, at + size));
  parser.end();
  return parts;
}

const body = enc(
  'preamble to ignore\r\n' +
    '--b0undary\r\n' +
    'Content-Disposition: form-data; name="userId"\r\n\r\n' +
    '7\r\n' +
    '--b0undary  \t\r\n' +
    'content-type: image/png\r\n' +
    'CONTENT-DISPOSITION: form-data; name="im\\"age"; filename="a b.png"\r\n\r\n' +
    // Near-delimiters inside the content: a line break and dashes, a boundary's prefix.
    '\x89PNG\r\n--b0und\r\n-\r\n--b0undar\r\n\r\n' +
    '--b0undary\r\n' +
    'Content-Disposition: form-data; name="empty"; filename=""\r\n\r\n' +
    '\r\n--b0undary--\r\nepilogue to ignore',
);

describe('MultipartParser', () => {
  test('finds every part whatever the chunking, a delimiter cut anywhere included', () => {
    const expected = [
      { name: 'userId', filename: undefined, text: '7', ended: true },
      { name: 'im"age', filename: 'a b.png', text: '\x89PNG\r\n--b0und\r\n-\r\n--b0undar\r\n', ended: true },
      { name: 'empty', filename: '', text: '', ended: true },
    ];
    for (let size = 1; size <= body.length; size++) expect(parse(body, size)).toEqual(expected);
  });

  test('a body without its closing delimiter, or with a bad delimiter line, is malformed', () => {
    const cut = enc('--b0undary\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nunterminated');
    expect(() => parse(cut, 7)).toThrow(MalformedMultipart);
    expect(() => parse(enc('--b0undaryX\r\n\r\n--b0undary--'), 64)).toThrow(MalformedMultipart);
    expect(() => parse(enc('no delimiter at all'), 4)).toThrow(MalformedMultipart);
  });

  test('headers past 16 KiB and parts past the limit are refused', () => {
    const long = enc(`--b0undary\r\nX-Pad: ${'a'.repeat(17 * 1024)}\r\n\r\nx\r\n--b0undary--`);
    expect(() => parse(long, 1024)).toThrow(MalformedMultipart);
    const many = enc(`${'--b0undary\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n'.repeat(21)}--b0undary--`);
    expect(() => parse(many, 100)).toThrow('Too many parts');
  });

  test('a part with no form-data disposition is skipped', () => {
    const parts = parse(
      enc('--b0undary\r\n\r\nno headers\r\n--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--'),
      5,
    );
    expect(parts).toEqual([]);
  });
});

test('multipartBoundary reads a bare or quoted boundary and refuses none or one too long', () => {
  expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
  expect(multipartBoundary('multipart/form-data; charset=utf-8; BOUNDARY="a b:c"')).toBe('a b:c');
  expect(multipartBoundary('multipart/form-data')).toBeNull();
  expect(multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeNull();
});
