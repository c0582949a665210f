'use client';

import { useActionState } from 'react';
import { createProduct, updateProduct } from '@/app/actions/admin-products';
import { Field, FormMessage, SelectField, TextAreaField } from '@/components/field';
import { SubmitButton } from '@/components/submit-button';

export type ProductValues = {
  name: string;
  slug: string;
  description: string;
  price: string;
  currency: string;
  category: string;
  brand: string;
  rating: string;
  quantity: string;
  featured: boolean;
};

type Props = {
  categories: readonly { value: string; label: string }[];
  initial: ProductValues;
} & ({ mode: 'create' } | { mode: 'edit'; productId: number; etag: string });

/** The catalog's product fields; creating also sets the starting stock, which later changes by adjustments. */
export function ProductForm(props: Props) {
  const [state, action] = useActionState(props.mode === 'create' ? createProduct : updateProduct, {});
  const v = { ...props.initial, ...state.values };
  // A form sent back keeps the box as it was ticked (an unticked box sends nothing at all).
  const featured = state.values ? state.values.featured === 'on' : props.initial.featured;
  const e = state.fields ?? {};
  return (
    <form
      action={action}
      className={props.mode === 'create' ? 'form' : 'form plain'}
      noValidate
      aria-label={props.mode === 'create' ? 'Nuevo producto' : 'Datos del producto'}
    >
      <FormMessage message={state.message} ok={state.ok} />
      {props.mode === 'edit' && (
        <>
          <input type="hidden" name="productId" value={props.productId} />
          <input type="hidden" name="etag" value={props.etag} />
        </>
      )}
      <Field name="name" label="Nombre" required maxLength={255} defaultValue={v.name} error={e.name} />
      <Field
        name="slug"
        label="Identificador en la URL (opcional)"
        hint={
          props.mode === 'create' ? 'Si lo dejas vacío se crea a partir del nombre.' : 'Vacío: se mantiene el actual.'
        }
        defaultValue={v.slug}
        error={e.slug}
      />
      <TextAreaField
        name="description"
        label="Descripción"
        maxLength={10000}
        defaultValue={v.description}
        error={e.description}
      />
      <div className="form-row">
        <Field
          name="price"
          label="Precio"
          inputMode="decimal"
          required
          hint="Hasta dos decimales"
          defaultValue={v.price}
          error={e.price}
        />
        <Field name="currency" label="Moneda" maxLength={3} defaultValue={v.currency} error={e.currency} />
      </div>
      <SelectField
        name="category"
        label="Categoría"
        options={[{ value: '', label: 'Elige una categoría' }, ...props.categories]}
        defaultValue={v.category}
        error={e.category}
        required
      />
      <div className="form-row">
        <Field name="brand" label="Marca" maxLength={100} defaultValue={v.brand} error={e.brand} />
        <Field name="rating" label="Valoración (0 a 5)" inputMode="decimal" defaultValue={v.rating} error={e.rating} />
      </div>
      {props.mode === 'create' && (
        <Field
          name="quantity"
          label="Stock inicial"
          inputMode="numeric"
          required
          defaultValue={v.quantity}
          error={e.quantity}
        />
      )}
      <div className="check">
        <input id="f-featured" type="checkbox" name="featured" defaultChecked={featured} />
        <label htmlFor="f-featured">Destacado en la portada</label>
      </div>
      <SubmitButton pending="Guardando…">{props.mode === 'create' ? 'Crear producto' : 'Guardar cambios'}</SubmitButton>
    </form>
  );
}
