import { expect, test } from 'bun:test';
import { safeReturnPath } from '../../src/lib/safe-return';

test('after login, only a path of this storefront is followed', () => {
  expect(safeReturnPath('/carrito')).toBe('/carrito');
  expect(safeReturnPath('/productos?q=t%C3%A9')).toBe('/productos?q=t%C3%A9');
  // Still a path: the encoded slashes and backslash are not decoded by a browser reading Location.
  expect(safeReturnPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  expect(safeReturnPath('/%5Cevil.example')).toBe('/%5Cevil.example');
  for (const bad of [
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\\\\evil.example',
    'carrito',
    '/a\nb',
    undefined,
    7,
  ]) {
    expect(safeReturnPath(bad)).toBe('/');
  }
});

test('what it returns can go in a Location header as it is (a raw character outside Latin-1 made /sesion/renovar a 500)', () => {
  expect(safeReturnPath('/productos?q=té')).toBe('/productos?q=t%C3%A9');
  const back = safeReturnPath('/中');
  expect(back).toBe('/%E4%B8%AD');
  expect(new Headers({ Location: back }).get('location')).toBe(back);
});
