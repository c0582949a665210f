'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { addToCart } from '@/app/actions/cart';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export function AddToCart({ productId, max }: { productId: number; max: number }) {
  const [state, action] = useActionState(addToCart, {});
  return (
    <form action={action} className="buy-form" aria-label="Añadir al carrito">
      <FormMessage message={state.message} ok={state.ok} />
      {state.ok && (
        <p>
          <Link href="/carrito">Ver el carrito</Link>
        </p>
      )}
      <input type="hidden" name="productId" value={productId} />
      <div className="buy">
        <Field
          name="quantity"
          label="Cantidad"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          defaultValue={1}
          required
          error={state.fields?.quantity}
        />
        <SubmitButton pending="Añadiendo…">Añadir al carrito</SubmitButton>
      </div>
    </form>
  );
}
