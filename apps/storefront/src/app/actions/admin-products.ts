'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionApi } from '@/lib/api';
import { type FormState, genericMessage, keptValues, spanishFieldErrors } from '@/lib/form-errors';
import { formText } from '@/lib/form-text';
import { PRODUCT_FIELDS, readDelta, readNewProduct, readProductChanges } from '@/lib/product-form';
import { signInAgain } from '@/lib/require-session';
import { chosenFile, uploadBody, uploadErrorMessage } from '@/lib/upload-errors';

const LIST = '/admin/productos';
const page = (id: string) => `${LIST}/${encodeURIComponent(id)}`;
const STALE =
  'Alguien cambió este producto mientras lo editabas. Vuelve a cargar la página para ver la versión actual.';

/** The outcome of a refused admin call that no form field explains. */
function refused(status: number, error: unknown, back: string, values?: Record<string, string>): FormState {
  if (status === 401) signInAgain(back);
  if (status === 403)
    return {
      values,
      message: 'Tu cuenta no tiene permiso de administrador (vuelve a iniciar sesión si te lo acaban de dar).',
    };
  if (status === 404) return { values, message: 'Ese producto ya no existe o está archivado.' };
  if (status === 412) return { values, message: STALE };
  return { values, message: genericMessage(error, status), fields: spanishFieldErrors(error) };
}

const slugTaken = (values: Record<string, string>): FormState => ({
  values,
  message: 'Revisa los campos marcados.',
  fields: { slug: 'Ya hay un producto con este identificador' },
});

export async function createProduct(_prev: FormState, form: FormData): Promise<FormState> {
  const values = keptValues(form, PRODUCT_FIELDS);
  const { data, error, response } = await (await actionApi()).catalog.POST('/products', { body: readNewProduct(form) });
  if (!data) {
    if (response.status === 409) return slugTaken(values);
    return refused(response.status, error, `${LIST}/nuevo`, values);
  }
  revalidatePath('/', 'layout');
  redirect(`${page(String(data.id))}?creado=1`);
}

export async function updateProduct(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'productId');
  const values = keptValues(form, PRODUCT_FIELDS);
  const { data, error, response } = await (await actionApi()).catalog.PATCH('/products/{idOrSlug}', {
    params: { path: { idOrSlug: id }, header: { 'if-match': formText(form, 'etag') } },
    body: readProductChanges(form),
  });
  if (!data) {
    if (response.status === 409) return slugTaken(values);
    return refused(response.status, error, page(id), values);
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Cambios guardados.' };
}

export async function archiveProduct(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'productId');
  const { error, response } = await (await actionApi()).catalog.DELETE('/products/{idOrSlug}', {
    params: { path: { idOrSlug: id }, header: { 'if-match': formText(form, 'etag') } },
  });
  if (response.status !== 204) return refused(response.status, error, page(id));
  revalidatePath('/', 'layout');
  redirect(`${LIST}?archivado=${encodeURIComponent(formText(form, 'name'))}`);
}

export async function adjustStock(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'productId');
  const values = keptValues(form, ['delta', 'reason']);
  const delta = readDelta(formText(form, 'delta'));
  if (delta === null) {
    return {
      values,
      message: 'Revisa los campos marcados.',
      fields: { delta: 'Escribe un número entero, p. ej. 5 o -2' },
    };
  }
  const { data, error, response } = await (await actionApi()).catalog.POST('/products/{idOrSlug}/stock-adjustments', {
    params: { path: { idOrSlug: id } },
    body: { delta, reason: formText(form, 'reason') },
  });
  if (!data) {
    if (response.status === 409) {
      const fields = spanishFieldErrors(error);
      return {
        values,
        message: `No se pudo ajustar el stock. ${fields.delta ?? 'No hay unidades suficientes'}.`,
        fields,
      };
    }
    return refused(response.status, error, page(id), values);
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: `Stock ajustado: de ${data.oldQuantity} a ${data.newQuantity} unidades.` };
}

export async function uploadProductImage(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'productId');
  const file = chosenFile(form, 'image');
  if (!file) return { message: 'Revisa los campos marcados.', fields: { image: 'Elige una imagen' } };
  const { data, error, response } = await (await actionApi()).catalog.POST('/products/{idOrSlug}/images', {
    params: { path: { idOrSlug: id } },
    body: {},
    bodySerializer: () => uploadBody(file),
  });
  if (!data) {
    if ([400, 409, 413, 415, 429].includes(response.status) || response.status >= 500) {
      return { message: 'No se pudo subir la imagen.', fields: { image: uploadErrorMessage(response.status, error) } };
    }
    return refused(response.status, error, page(id));
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Imagen añadida.' };
}

export async function removeProductImage(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'productId');
  const { data, error, response } = await (await actionApi()).catalog.DELETE('/products/{idOrSlug}/images/{imageId}', {
    params: { path: { idOrSlug: id, imageId: formText(form, 'imageId') } },
  });
  if (!data) {
    if (response.status === 404) return { message: 'Esa imagen ya no está.' };
    return refused(response.status, error, page(id));
  }
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Imagen quitada.' };
}
