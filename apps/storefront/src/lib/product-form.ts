import type { CatalogApi, RequestJson } from '@greencommerce/client';
import { formText as text } from './form-text';

export type ProductCreateBody = RequestJson<CatalogApi.operations['createProduct']>;
export type ProductPatchBody = RequestJson<CatalogApi.operations['updateProduct']>;

/** The admin product form's fields, named as the catalog names them (so its errors land by each). */
export const PRODUCT_FIELDS = [
  'name',
  'slug',
  'description',
  'price',
  'currency',
  'category',
  'brand',
  'rating',
  'quantity',
  'featured',
] as const;

/** A decimal as a Spanish speaker may type it ("9,99") in the catalog's notation ("9.99"); else as typed. */
export function decimalText(value: string): string {
  const v = value.trim();
  return /^-?\d+,\d+$/.test(v) ? v.replace(',', '.') : v;
}

/** The fields both forms send: text as typed (the catalog trims and judges), numbers as decimal text. */
function common(form: FormData) {
  const slug = text(form, 'slug').trim();
  return {
    name: text(form, 'name'),
    ...(slug && { slug }),
    description: text(form, 'description'),
    price: decimalText(text(form, 'price')),
    currency: text(form, 'currency').trim() || 'USD',
    category: text(form, 'category'),
    brand: text(form, 'brand'),
    rating: decimalText(text(form, 'rating')) || '0',
    featured: form.get('featured') === 'on',
  };
}

/** A new product: with its starting stock. A blank slug is left for the catalog to make from the name. */
export function readNewProduct(form: FormData): ProductCreateBody {
  return { ...common(form), quantity: text(form, 'quantity').trim() };
}

/**
 * An edit: every field but the stock, which changes only by adjustments (a PATCH of an absolute stock
 * could undo a checkout that happened meanwhile). A blank slug keeps the current one.
 */
export function readProductChanges(form: FormData): ProductPatchBody {
  return common(form);
}

/** A stock adjustment's delta: a whole number, with or without a sign ("+5", "-2"); null otherwise. */
export function readDelta(value: string): number | null {
  const v = value.trim();
  if (!/^[+-]?\d{1,10}$/.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}
