import { beforeAll, describe, expect, test } from 'bun:test';
import { images } from '@greencommerce/testing';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { cardNames, eventually, PLATFORM_MS, TEST_MS } from './support/shop';
import { grantAdmin, logIn, newPerson, register } from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

describe('admin creates a product', () => {
  test(
    'with an image; a shopper finds it by search, until it is archived',
    async () => {
      const admin = await visitor();
      await admin.goto('/');
      const rosa = { ...newPerson('admin'), name: 'Rosa' };
      await register(admin, rosa);
      await grantAdmin(rosa.email);
      await logIn(admin, rosa);

      await admin.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Admin' }).click();
      await admin.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
      await admin
        .getByRole('navigation', { name: 'Administración' })
        .getByRole('link', { name: 'Nuevo producto' })
        .click();
      await admin.getByRole('heading', { level: 1, name: 'Nuevo producto' }).waitFor();
      // A word no other product has, so the search finds this one alone.
      const word = `Termo${Date.now().toString(36)}`;
      const name = `Botella térmica ${word}`;
      const form = admin.getByRole('form', { name: 'Nuevo producto' });
      const field = (label: string) => form.getByLabel(label, { exact: true });
      await field('Nombre').fill(name);
      await field('Descripción').fill('Botella de acero inoxidable de 750 ml que mantiene el agua fría 24 horas.');
      await field('Precio').fill('15.50');
      await field('Categoría').selectOption({ label: 'Hogar y Estilo de Vida' });
      await field('Marca').fill('Acero Verde');
      await field('Stock inicial').fill('12');
      await form.getByRole('button', { name: 'Crear producto' }).click();
      await admin.getByRole('status').filter({ hasText: 'Producto creado' }).waitFor();

      const upload = admin.getByRole('form', { name: 'Añadir una imagen' });
      await upload.getByLabel('Nueva imagen').setInputFiles({
        name: 'botella.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from(await images.photo(400, 300)),
      });
      await upload.getByRole('button', { name: 'Subir imagen' }).click();
      await admin.getByRole('status').filter({ hasText: 'Imagen añadida.' }).waitFor();
      await admin.getByRole('img', { name: `${name}, imagen 1 (principal)` }).waitFor();

      // A guest, in another browser, searches for it.
      const shopper = await visitor();
      await shopper.goto('/');
      await shopper.getByRole('searchbox', { name: 'Buscar artículos' }).fill(word);
      await shopper.getByRole('button', { name: 'Buscar', exact: true }).click();
      await eventually(async () => {
        await shopper.reload();
        expect(await cardNames(shopper)).toEqual([name]);
      });
      const picture = shopper.getByRole('main').getByRole('img', { name });
      expect(await picture.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(400);
      await shopper.getByRole('main').getByRole('link', { name }).click();
      await shopper.getByRole('heading', { level: 1, name }).waitFor();
      expect(await shopper.getByTestId('product-price').textContent()).toBe('$15,50');
      await shopper.getByText('12 unidades disponibles').waitFor();

      // Archived, it leaves the shop (and the run's other files find the demo catalog as it was).
      await admin.getByRole('form', { name: 'Archivar el producto' }).getByRole('button').click();
      await admin.getByText(`«${name}» está archivado`).waitFor();
      await shopper.goto(`/productos?q=${word}`);
      await shopper.getByText('No encontramos productos con esos filtros.').waitFor();
      await admin.context().close();
      await shopper.context().close();
    },
    TEST_MS,
  );
});
