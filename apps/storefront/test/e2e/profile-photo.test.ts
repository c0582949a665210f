import { beforeAll, describe, expect, test } from 'bun:test';
import { images } from '@greencommerce/testing';
import { visitor } from './support/browser';
import { platform } from './support/platform';
import { eventually, PLATFORM_MS, TEST_MS } from './support/shop';
import { logIn, newPerson, register } from './support/shopper';

beforeAll(() => platform(), PLATFORM_MS);

describe('profile photo', () => {
  test(
    'a user uploads a photo on Mi perfil and sees it there',
    async () => {
      const page = await visitor();
      await page.goto('/');
      const eva = { ...newPerson('photo'), name: 'Eva' };
      await register(page, eva);
      await logIn(page, eva);
      await page.getByRole('navigation', { name: 'Cuenta' }).getByRole('link', { name: 'Mi perfil' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mi perfil' }).waitFor();
      await page.getByText('Aún no tienes foto de perfil.').waitFor();

      const form = page.getByRole('form', { name: 'Cambiar la foto de perfil' });
      await form.getByLabel('Nueva foto').setInputFiles({
        name: 'yo.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from(await images.photo(320, 320)),
      });
      await form.getByRole('button', { name: 'Subir foto' }).click();
      await page.getByRole('status').filter({ hasText: 'Foto actualizada.' }).waitFor();

      // The picture the page shows is the uploaded one, served through the storefront's own origin.
      const photo = page.getByRole('img', { name: 'Foto de perfil de Eva' });
      await eventually(async () => {
        await page.reload();
        expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      });
      expect(await photo.getAttribute('src')).toStartWith('/imagenes/users/');
      await page.context().close();
    },
    TEST_MS,
  );
});
