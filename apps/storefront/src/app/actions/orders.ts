'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionApi } from '@/lib/api';
import { type FormState, genericMessage } from '@/lib/form-errors';
import { formText } from '@/lib/form-text';
import { statusLabel } from '@/lib/order-status';
import { signInAgain } from '@/lib/require-session';

/** The shopper cancels an order awaiting payment; its stock goes back and the card can no longer pay it. */
export async function cancelMyOrder(_prev: FormState, form: FormData): Promise<FormState> {
  const id = formText(form, 'orderId');
  const page = `/pedidos/${encodeURIComponent(id)}`;
  const client = await actionApi();
  const { data, error, response } = await client.orders.POST('/orders/{id}/cancel', { params: { path: { id } } });
  if (response.status === 401) signInAgain(page);
  if (!data) {
    if (response.status === 409) {
      const now = await client.orders.GET('/orders/{id}', { params: { path: { id } } });
      const state = now.data ? ` (ahora está «${statusLabel(now.data.status).toLowerCase()}»)` : '';
      return { message: `Este pedido ya no se puede cancelar${state}.` };
    }
    if (response.status === 404) return { message: 'No encontramos ese pedido entre los tuyos.' };
    return { message: genericMessage(error, response.status) };
  }
  revalidatePath('/pedidos', 'layout');
  redirect(page);
}
