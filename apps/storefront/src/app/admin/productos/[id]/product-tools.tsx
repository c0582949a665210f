'use client';

import { useActionState } from 'react';
import { adjustStock, archiveProduct, removeProductImage, uploadProductImage } from '@/app/actions/admin-products';
import { Field, FormMessage } from '@/components/field';
import { ImageFileField } from '@/components/image-file-field';
import { SubmitButton } from '@/components/submit-button';

/** Units received (+) or written off (−), with the reason the catalog records. */
export function StockForm({ productId }: { productId: number }) {
  const [state, action] = useActionState(adjustStock, {});
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="form plain" noValidate aria-label="Ajustar el stock">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="productId" value={productId} />
      <div className="form-row">
        <Field
          name="delta"
          label="Cambio de unidades"
          inputMode="numeric"
          hint="Positivo para sumar, negativo para quitar"
          required
          defaultValue={v.delta}
          error={state.fields?.delta}
        />
        <Field
          name="reason"
          label="Motivo"
          required
          maxLength={200}
          defaultValue={v.reason}
          error={state.fields?.reason}
        />
      </div>
      <SubmitButton pending="Ajustando…">Ajustar stock</SubmitButton>
    </form>
  );
}

export function ImageUploadForm({ productId }: { productId: number }) {
  const [state, action] = useActionState(uploadProductImage, {});
  return (
    <form action={action} className="form plain" encType="multipart/form-data" aria-label="Añadir una imagen">
      <FormMessage message={state.message} ok={state.ok} />
      <input type="hidden" name="productId" value={productId} />
      <ImageFileField
        id="f-product-image"
        label="Nueva imagen"
        hint="JPEG, PNG o WebP, hasta 5 MB. La primera es la principal."
        error={state.fields?.image}
      />
      <SubmitButton pending="Subiendo…">Subir imagen</SubmitButton>
    </form>
  );
}

export function RemoveImageForm({ productId, imageId, label }: { productId: number; imageId: string; label: string }) {
  const [state, action] = useActionState(removeProductImage, {});
  return (
    <form action={action} aria-label={`Quitar ${label}`}>
      <FormMessage message={state.ok ? undefined : state.message} />
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="imageId" value={imageId} />
      <SubmitButton className="button danger" pending="Quitando…">
        Quitar <span className="visually-hidden">{label}</span>
      </SubmitButton>
    </form>
  );
}

export function ArchiveForm({ productId, etag, name }: { productId: number; etag: string; name: string }) {
  const [state, action] = useActionState(archiveProduct, {});
  return (
    <form action={action} aria-label="Archivar el producto">
      <FormMessage message={state.message} />
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="etag" value={etag} />
      <input type="hidden" name="name" value={name} />
      <SubmitButton className="button danger" pending="Archivando…">
        Archivar producto
      </SubmitButton>
    </form>
  );
}
