'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { removeFromCart, setQuantity } from '@/app/actions/cart';
import { Field, FormMessage } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export type CartLineView = {
  productId: number;
  slug: string;
  name: string;
  image: string;
  hasImage: boolean;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  /** Why the line cannot be bought as it is, in Spanish, or undefined when it can. */
  problem?: string;
  priceChanged: boolean;
};

/** One cart line with its own forms: each works without JavaScript and shows its own errors. */
export function CartLine({ line }: { line: CartLineView }) {
  const [setState, setAction] = useActionState(setQuantity, {});
  const [removeState, removeAction] = useActionState(removeFromCart, {});
  return (
    <li className="cart-line" data-testid="cart-line">
      <img src={line.image} alt={line.hasImage ? line.name : ''} width={96} height={96} />
      <div>
        <h2>
          <Link href={`/productos/${line.slug}`}>{line.name}</Link>
        </h2>
        <p style={{ margin: 0 }}>
          {line.unitPrice} por unidad · <strong>{line.lineTotal}</strong>
        </p>
        {line.priceChanged && (
          <p className="alert warning" style={{ margin: '0.4rem 0 0' }}>
            El precio cambió desde que lo añadiste: ahora es {line.unitPrice}.
          </p>
        )}
        {line.problem && (
          <p className="alert error" style={{ margin: '0.4rem 0 0' }}>
            {line.problem}
          </p>
        )}
        <FormMessage message={setState.message} ok={setState.ok} />
        {!removeState.ok && <FormMessage message={removeState.message} />}
      </div>
      <div className="controls">
        <form action={setAction} className="qty-form">
          <input type="hidden" name="productId" value={line.productId} />
          <Field
            id={`qty-${line.productId}`}
            name="quantity"
            label="Cantidad"
            // Every line has this field: its spoken name says whose quantity it is (the visible label starts it).
            aria-label={`Cantidad de ${line.name}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={99}
            defaultValue={line.quantity}
            error={setState.fields?.quantity}
          />
          <SubmitButton className="button secondary" pending="Guardando…">
            Actualizar <span className="visually-hidden">la cantidad de {line.name}</span>
          </SubmitButton>
        </form>
        <form action={removeAction} className="remove-form">
          <input type="hidden" name="productId" value={line.productId} />
          <SubmitButton className="button secondary" pending="Quitando…">
            Quitar <span className="visually-hidden">{line.name}</span>
          </SubmitButton>
        </form>
      </div>
    </li>
  );
}
