import { expect, test } from 'bun:test';
import { addressDefaults, fieldsUnder, readAddress } from '../../src/lib/address-form';
import { toSpanish } from '../../src/lib/form-errors';
import { formIdempotencyKey, newIdempotencyKey } from '../../src/lib/idempotency-key';
import { decimalText, readDelta, readNewProduct, readProductChanges } from '../../src/lib/product-form';
import { chosenFile, uploadBody, uploadErrorMessage } from '../../src/lib/upload-errors';

const formOf = (entries: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) form.set(k, v);
  return form;
};

test('the address form becomes the orders service body: blank optional fields left out, country in capitals', () => {
  const form = formOf({
    name: ' Ana Pérez ',
    line1: 'Av. Amazonas 123',
    line2: '  ',
    city: 'Quito',
    region: '',
    postalCode: '170150',
    country: ' ec ',
    phone: '',
    extra: 'ignored',
  });
  expect(readAddress(form)).toEqual({
    name: ' Ana Pérez ',
    line1: 'Av. Amazonas 123',
    city: 'Quito',
    postalCode: '170150',
    country: 'EC',
  });
  // A required field left blank is sent (empty), so the service names it.
  expect(readAddress(formOf({ country: 'EC' }))).toEqual({
    name: '',
    line1: '',
    city: '',
    postalCode: '',
    country: 'EC',
  });
});

test("the service's address errors land on the address inputs", () => {
  expect(
    fieldsUnder(
      { 'shippingAddress.city': 'Este campo es obligatorio', paymentProvider: 'x', city: 'later' },
      'shippingAddress',
    ),
  ).toEqual({ city: 'Este campo es obligatorio', paymentProvider: 'x' });
});

test("the address form starts from the last order's address, else from the profile", () => {
  const last = { name: 'Ana', line1: 'Calle 2', city: 'Cuenca', postalCode: '010101', country: 'EC' };
  expect(addressDefaults({ name: 'Otra', lastName: 'X', phoneNumber: '1', shippingAddress: 'y' }, last)).toEqual(last);
  expect(addressDefaults(null)).toEqual({ country: 'EC' });
  expect(
    addressDefaults({ name: 'Ana', lastName: 'Pérez', phoneNumber: '0991234567', shippingAddress: 'Calle 1' }),
  ).toEqual({ country: 'EC', name: 'Ana Pérez', phone: '0991234567', line1: 'Calle 1' });
  expect(addressDefaults({ name: 'Ana', lastName: '', phoneNumber: '', shippingAddress: null })).toEqual({
    country: 'EC',
    name: 'Ana',
  });
});

test("a form's Idempotency-Key is sent back as it came; one that is missing or malformed is replaced", () => {
  const key = newIdempotencyKey();
  expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(newIdempotencyKey()).not.toBe(key);
  expect(formIdempotencyKey(key)).toBe(key);
  for (const bad of [null, '', 'not-a-key', `${key}\n`, 42]) {
    const replaced = formIdempotencyKey(bad);
    expect(replaced).not.toBe(bad);
    expect(formIdempotencyKey(replaced)).toBe(replaced);
  }
});

test('the product form: decimals with a comma, blank slug left to the catalog, stock only on create', () => {
  const form = formOf({
    name: 'Té verde',
    slug: ' ',
    description: 'Hojas enteras',
    price: ' 9,99 ',
    currency: '',
    category: 'comida',
    brand: 'Andes',
    rating: '4,5',
    quantity: ' 12 ',
    featured: 'on',
  });
  expect(readNewProduct(form)).toEqual({
    name: 'Té verde',
    description: 'Hojas enteras',
    price: '9.99',
    currency: 'USD',
    category: 'comida',
    brand: 'Andes',
    rating: '4.5',
    featured: true,
    quantity: '12',
  });
  form.set('slug', 'te-verde');
  form.delete('featured');
  const changes = readProductChanges(form);
  expect(changes).toMatchObject({ slug: 'te-verde', featured: false, price: '9.99' });
  expect('quantity' in changes).toBe(false);
  expect(decimalText('1.234,5')).toBe('1.234,5');
  expect(decimalText('')).toBe('');
});

test('a stock adjustment is a signed whole number', () => {
  expect(readDelta('5')).toBe(5);
  expect(readDelta(' +5 ')).toBe(5);
  expect(readDelta('-2')).toBe(-2);
  for (const bad of ['', '1.5', '2e3', 'cinco', '--1', '12345678901']) expect(readDelta(bad)).toBeNull();
});

const apiError = (message: string) => ({ error: { code: 'X', message, requestId: 'r' } });

test("an upload's refusal in the shopper's words, by status", () => {
  expect(uploadErrorMessage(413, apiError('Images are limited to 5242880 bytes'))).toBe(
    'La imagen pesa demasiado: el máximo es 5 MB.',
  );
  expect(uploadErrorMessage(413, apiError('Request body exceeds 5308416 bytes'))).toBe(
    'La imagen pesa demasiado: el máximo es 5.1 MB.',
  );
  expect(uploadErrorMessage(413, undefined)).toBe('La imagen pesa demasiado.');
  expect(uploadErrorMessage(415, apiError('Only JPEG, PNG and WebP images are accepted'))).toBe(
    'Solo se aceptan imágenes JPEG, PNG o WebP.',
  );
  expect(uploadErrorMessage(400, apiError('The image dimensions are too large'))).toContain('píxeles');
  expect(uploadErrorMessage(400, apiError('The image could not be decoded'))).toBe(
    'La imagen está dañada o no se pudo leer.',
  );
  expect(uploadErrorMessage(409, undefined)).toContain('máximo de imágenes');
  expect(uploadErrorMessage(503, undefined)).toContain('Inténtalo de nuevo');
});

test('a form with no file chosen has none; a chosen one is sent under the name the service reads', async () => {
  const form = new FormData();
  form.set('image', new File([], ''));
  expect(chosenFile(form, 'image')).toBeNull();
  expect(chosenFile(formOf({ image: 'text' }), 'image')).toBeNull();
  const file = new File([new Uint8Array([1, 2, 3])], 'foto.png', { type: 'image/png' });
  form.set('image', file);
  expect(chosenFile(form, 'image')).toMatchObject({ name: 'foto.png', size: 3 });
  const body = uploadBody(file);
  const sent = body.get('image') as File;
  expect(sent.name).toBe('foto.png');
  expect(new Uint8Array(await sent.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
});

test("the orders' and catalog's field messages in Spanish", () => {
  expect(toSpanish('is required')).toBe('Este campo es obligatorio');
  expect(toSpanish('must be at most 200 characters')).toBe('Debe tener como máximo 200 caracteres');
  expect(toSpanish('must be an ISO 3166-1 alpha-2 code (EC, ES, ...)')).toBe('Elige un país de la lista');
  expect(toSpanish('must be a phone number')).toBe('Escribe un número de teléfono');
  expect(toSpanish('must be a card number (digits, spaces or dashes)')).toContain('tarjeta');
  expect(toSpanish('must be one of the test cards (4242 4242 4242 4242, ...)')).toBe(
    'No es una de las tarjetas de prueba',
  );
  expect(toSpanish('3 available')).toBe('Hay 3 unidades disponibles');
  expect(toSpanish('0 available')).toBe('No quedan unidades');
  // The cart's own wording is unchanged.
  expect(toSpanish('at most 2 available')).toBe('Solo hay 2 disponibles');
  expect(toSpanish('must not be zero')).toBe('No puede ser cero');
  expect(toSpanish('must be a non-negative amount with at most two decimals')).toContain('importe');
  expect(toSpanish('is required (as quantity or stock)')).toBe('Este campo es obligatorio');
});
