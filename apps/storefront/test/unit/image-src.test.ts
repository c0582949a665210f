import { describe, expect, test } from 'bun:test';
import { imageSrc } from '../../src/lib/image-src';

const origins = { catalog: 'http://127.0.0.1:8083', users: 'http://127.0.0.1:8082' };

describe('imageSrc', () => {
  test("shows a service's images through the storefront", () => {
    expect(imageSrc('http://127.0.0.1:8083/assets/demo/te.webp', origins)).toBe(
      '/imagenes/catalog/assets/demo/te.webp',
    );
    expect(imageSrc('http://127.0.0.1:8082/media/ab_c.jpg', origins)).toBe('/imagenes/users/media/ab_c.jpg');
  });

  test('leaves other addresses alone and never maps an API path or a climb out', () => {
    expect(imageSrc('https://bucket.s3.example.com/p.jpg', origins)).toBe('https://bucket.s3.example.com/p.jpg');
    expect(imageSrc('http://127.0.0.1:8083/products', origins)).toBe('http://127.0.0.1:8083/products');
    expect(imageSrc('http://127.0.0.1:8083/media/../products', origins)).toBe(
      'http://127.0.0.1:8083/media/../products',
    );
    expect(imageSrc(null, origins)).toBeNull();
  });
});
