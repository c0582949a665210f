import { describe, expect, test } from 'bun:test';
import { ProductCreate, ProductPatch, StockAdjustment, slugify } from '../src/index';

/** The original FastAPI POST /products/ body. */
const fastApi = {
  name: 'Cepillo de bambú',
  description: 'Biodegradable',
  price: 4.5,
  category: 'Cuidado Personal',
  image: 'https://img.example.com/cepillo.jpg',
  quantity: 120,
  brand: 'EcoSmile',
  rating: 4.7,
};

/** The later GraphQL createProduct(data) input. */
const graphQl = {
  name: 'Solar Charger',
  description: '10W panel',
  price: 39.99,
  stock: 7,
  brand: 'SunCo',
  category: 'tecnologia',
  image_url: 'https://img.example.com/solar.png',
};

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('ProductCreate', () => {
  test('the original FastAPI payload normalises to minor units, tenths, a slug and a category slug', () => {
    expect(ProductCreate.parse(fastApi)).toEqual({
      slug: 'cepillo-de-bambu',
      slugFromName: true,
      name: 'Cepillo de bambú',
      description: 'Biodegradable',
      priceMinor: 450,
      currency: 'USD',
      category: 'cuidado-personal',
      brand: 'EcoSmile',
      ratingTenths: 47,
      stock: 120,
      imageUrl: 'https://img.example.com/cepillo.jpg',
      featured: false,
    });
  });

  test('the later GraphQL payload, with rating defaulting to 0', () => {
    expect(ProductCreate.parse(graphQl)).toMatchObject({
      slug: 'solar-charger',
      priceMinor: 3999,
      category: 'tecnologia',
      stock: 7,
      ratingTenths: 0,
      imageUrl: 'https://img.example.com/solar.png',
    });
  });

  test('slug, featured and currency as given; an id and unknown fields are ignored', () => {
    const parsed = ProductCreate.parse({ ...graphQl, slug: 'solar-10w', featured: true, currency: 'eur', id: 9, x: 1 });
    expect(parsed).toMatchObject({ slug: 'solar-10w', slugFromName: false, featured: true, currency: 'EUR' });
    expect(parsed).not.toHaveProperty('id');
  });

  test('prices: exact to the cent from floats and decimal strings', () => {
    const minor = (price: unknown) => ProductCreate.parse({ ...graphQl, price }).priceMinor;
    expect([0, 0.01, 0.1, 19.99, 1.15, 4.35, 99_999_999.99, '12.30', '7'].map(minor)).toEqual([
      0, 1, 10, 1999, 115, 435, 9_999_999_999, 1230, 700,
    ]);
  });

  test.each([
    ['more than two decimals', 19.999],
    ['a float that is not two decimals (0.1 + 0.2)', 0.1 + 0.2],
    ['negative', -1],
    ['negative zero-ish string', '-0.01'],
    ['absurdly large', 1e12],
    ['Infinity as a string', 'Infinity'],
    ['NaN as a string', 'NaN'],
    ['exponent notation', '1e3'],
    ['hex', '0x10'],
    ['empty', ''],
    ['null', null],
    ['a boolean', true],
  ])('price %s is refused', (_, price) => {
    expect(issues(ProductCreate.safeParse({ ...graphQl, price }))).toContain('price');
  });

  test('NaN and Infinity as numbers are refused', () => {
    for (const price of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(ProductCreate.safeParse({ ...graphQl, price }).success).toBe(false);
    }
  });

  test('stock: required as quantity or stock, whole, not negative, within INT; the two names must agree', () => {
    const { stock: _s, ...noStock } = graphQl;
    expect(issues(ProductCreate.safeParse(noStock))).toEqual(['quantity']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, stock: -1 }))).toEqual(['stock']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, stock: 1.5 }))).toEqual(['stock']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, stock: 2 ** 31 }))).toEqual(['stock']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, quantity: 3 }))).toEqual(['stock']);
    expect(ProductCreate.parse({ ...graphQl, quantity: 7 }).stock).toBe(7);
    expect(ProductCreate.parse({ ...noStock, quantity: '5' }).stock).toBe(5);
  });

  test('rating 0 to 5, kept in tenths', () => {
    expect(ProductCreate.parse({ ...fastApi, rating: 5 }).ratingTenths).toBe(50);
    expect(ProductCreate.parse({ ...fastApi, rating: 4.25 }).ratingTenths).toBe(43);
    expect(issues(ProductCreate.safeParse({ ...fastApi, rating: 5.1 }))).toEqual(['rating']);
    expect(issues(ProductCreate.safeParse({ ...fastApi, rating: -0.5 }))).toEqual(['rating']);
  });

  test('category: a slug, or the original client name with accents and capitals', () => {
    const category = (c: string) => ProductCreate.parse({ ...graphQl, category: c }).category;
    expect(category('Tecnología')).toBe('tecnologia');
    expect(category('Bebés y Niños')).toBe('bebes-y-ninos');
    expect(category(' hogar-y-estilo-de-vida ')).toBe('hogar-y-estilo-de-vida');
    expect(issues(ProductCreate.safeParse({ ...graphQl, category: '' }))).toEqual(['category']);
  });

  test('images: the three names agree or the body is refused; empty means none; only http(s)', () => {
    expect(ProductCreate.parse({ ...graphQl, image_url: '' }).imageUrl).toBeNull();
    expect(ProductCreate.parse({ ...graphQl, imageUrl: graphQl.image_url }).imageUrl).toBe(graphQl.image_url);
    expect(issues(ProductCreate.safeParse({ ...graphQl, image: 'https://other.example/x.png' }))).toEqual(['image']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, image_url: 'javascript:alert(1)' }))).toEqual(['image_url']);
  });

  test('text: names required and printable, slugs well formed and not only digits', () => {
    expect(issues(ProductCreate.safeParse({ ...graphQl, name: '  ' }))).toEqual(['name']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, name: 'a\u0000b' }))).toEqual(['name']);
    expect(ProductCreate.parse({ ...graphQl, description: 'line 1\nline 2' }).description).toBe('line 1\nline 2');
    for (const slug of ['Bad Slug', 'a--b', '-a', '123', 'x'.repeat(161)]) {
      expect(issues(ProductCreate.safeParse({ ...graphQl, slug }))).toEqual(['slug']);
    }
    expect(issues(ProductCreate.safeParse({ ...graphQl, currency: 'JPY' }))).toEqual(['currency']);
    expect(issues(ProductCreate.safeParse({ ...graphQl, currency: 'XXX1' }))).toEqual(['currency']);
  });

  test('slugify folds accents, collapses punctuation and never yields pure digits or nothing', () => {
    expect(slugify('  Café & Té — Orgánico!! ')).toBe('cafe-te-organico');
    expect(slugify('2024')).toBe('product-2024');
    expect(slugify('☕☕')).toBe('product');
    expect(slugify('x'.repeat(500)).length).toBeLessThanOrEqual(160);
  });
});

describe('ProductPatch', () => {
  test('only the fields sent, with the same rules and no defaults', () => {
    expect(ProductPatch.parse({})).toEqual({});
    expect(ProductPatch.parse({ price: '5.10', quantity: 3, image: null, id: 1 })).toEqual({
      priceMinor: 510,
      stock: 3,
      imageUrl: null,
    });
    expect(issues(ProductPatch.safeParse({ price: 1.001 }))).toEqual(['price']);
    expect(issues(ProductPatch.safeParse({ stock: -3 }))).toEqual(['stock']);
    expect(issues(ProductPatch.safeParse({ rating: 6 }))).toEqual(['rating']);
    expect(issues(ProductPatch.safeParse({ quantity: 1, stock: 2 }))).toEqual(['stock']);
  });
});

describe('StockAdjustment', () => {
  test('a non-zero whole delta and a short reason', () => {
    expect(StockAdjustment.parse({ delta: -2, reason: ' damaged ' })).toEqual({ delta: -2, reason: 'damaged' });
    for (const delta of [0, 1.5, '3', 2 ** 31]) {
      expect(issues(StockAdjustment.safeParse({ delta, reason: 'x' }))).toEqual(['delta']);
    }
    expect(issues(StockAdjustment.safeParse({ delta: 1, reason: '' }))).toEqual(['reason']);
    expect(issues(StockAdjustment.safeParse({ delta: 1, reason: 'x'.repeat(201) }))).toEqual(['reason']);
  });
});
