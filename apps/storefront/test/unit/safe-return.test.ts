import { expect, test } from 'bun:test';
import { safeReturnPath } from '../../src/lib/safe-return';

test('after login, only a path of this storefront is followed', () => {
  expect(safeReturnPath('/carrito')).toBe('/carrito');
  expect(safeReturnPath('/productos?q=t%C3%A9')).toBe('/productos?q=t%C3%A9');
  for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'carrito', '/a\nb', undefined, 7]) {
    expect(safeReturnPath(bad)).toBe('/');
  }
});
