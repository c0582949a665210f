/** A valid JPEG of exactly `size` bytes: a frame header, padding in comment segments, the end marker. */
export function jpegOf(size: number) {
  const out = new Uint8Array(size);
  out.set([0xff, 0xd8]);
  let at = 2;
  while (at + 65537 + 19 < size) {
    out.set([0xff, 0xfe, 0xff, 0xff], at);
    out.fill(0x20, at + 4, at + 65537);
    at += 65537;
  }
  const sof = [0xff, 0xc0, 0, 11, 8, 0, 64, 0, 64, 1, 1, 0x11, 0];
  out.set(sof, at);
  at += sof.length;
  const pad = size - at - 2;
  out.set([0xff, 0xfe, (pad >> 8) & 255, pad & 255], at);
  out.fill(0x20, at + 4, size - 2);
  out.set([0xff, 0xd9], size - 2);
  return out;
}
