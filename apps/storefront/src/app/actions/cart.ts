'use server';

import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { asCartOwner, CartUnavailableError } from '@/lib/cart-session';
import { type FormState, genericMessage, spanishFieldErrors } from '@/lib/form-errors';

const whole = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' && /^[0-9]{1,4}$/.test(v.trim()) ? Number(v) : Number.NaN;
};

/** The outcome of a cart change as its form shows it. */
async function change(run: () => ReturnType<typeof asCartOwner>, done: string): Promise<FormState> {
  try {
    const { data, error, response } = await run();
    if (data) {
      revalidatePath('/', 'layout');
      return { ok: true, message: done };
    }
    const fields = spanishFieldErrors(error);
    if (response.status === 404) return { message: 'Ese producto ya no está a la venta o no está en tu carrito.' };
    if (response.status === 409) return { message: fields.quantity ?? 'No hay stock suficiente.', fields };
    return { message: genericMessage(error, response.status), fields };
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof CartUnavailableError) return { message: genericMessage(undefined, err.status) };
    return { message: genericMessage(undefined, 503) };
  }
}

export async function addToCart(_prev: FormState, form: FormData): Promise<FormState> {
  const productId = whole(form, 'productId');
  const quantity = whole(form, 'quantity');
  if (!Number.isInteger(quantity)) return { fields: { quantity: 'Escribe un número entero' } };
  return change(
    () =>
      asCartOwner((client, headers) => client.cart.POST('/cart/items', { headers, body: { productId, quantity } }), {
        create: true,
      }),
    quantity === 1 ? 'Añadido al carrito.' : `${quantity} unidades añadidas al carrito.`,
  );
}

export async function setQuantity(_prev: FormState, form: FormData): Promise<FormState> {
  const productId = whole(form, 'productId');
  const quantity = whole(form, 'quantity');
  if (!Number.isInteger(quantity)) return { fields: { quantity: 'Escribe un número entero' } };
  return change(
    () =>
      asCartOwner((client, headers) =>
        client.cart.PATCH('/cart/items/{productId}', {
          headers,
          params: { path: { productId: String(productId) } },
          body: { quantity },
        }),
      ),
    quantity === 0 ? 'Producto quitado.' : 'Cantidad actualizada.',
  );
}

export async function removeFromCart(_prev: FormState, form: FormData): Promise<FormState> {
  const productId = whole(form, 'productId');
  return change(
    () =>
      asCartOwner((client, headers) =>
        client.cart.DELETE('/cart/items/{productId}', { headers, params: { path: { productId: String(productId) } } }),
      ),
    'Producto quitado.',
  );
}
