import Link from 'next/link';
import { Field, SelectField } from '@/components/field';
import { effectiveSort, type Listing, SORT_OPTIONS } from '@/lib/listing-query';
import type { Category } from '@/lib/shop-data';

/** A plain GET form: it filters by reloading /productos with the choices in the URL, JavaScript or not. */
export function Filters({
  listing,
  categories,
  errors,
}: {
  listing: Listing;
  categories: Category[];
  errors: Record<string, string>;
}) {
  // On a phone the panel folds away under its summary (open while a filter is on); wide screens show it
  // as a sidebar, always open.
  const active = ['category', 'brand', 'minPrice', 'maxPrice', 'inStock', 'minRating', 'sort'].some(
    (k) => listing[k as keyof Listing],
  );
  return (
    <details className="filters-panel" open={active || Object.keys(errors).length > 0 || undefined}>
      <summary className="button secondary">Filtros y orden</summary>
      <form action="/productos" method="get" className="filters" aria-labelledby="filters-title">
        <h2 id="filters-title" style={{ margin: 0, fontSize: '1.1rem' }}>
          Filtrar
        </h2>
        <Field name="q" label="Buscar" type="search" defaultValue={listing.q} error={errors.q} maxLength={200} />
        <SelectField
          name="category"
          label="Categoría"
          defaultValue={listing.category}
          error={errors.category}
          options={[{ value: '', label: 'Todas' }, ...categories.map((c) => ({ value: c.slug, label: c.name }))]}
        />
        <Field name="brand" label="Marca" defaultValue={listing.brand} error={errors.brand} maxLength={100} />
        <fieldset>
          <legend>Precio</legend>
          <div className="form-row">
            <Field
              name="minPrice"
              label="Desde"
              inputMode="decimal"
              defaultValue={listing.minPrice}
              error={errors.minPrice}
            />
            <Field
              name="maxPrice"
              label="Hasta"
              inputMode="decimal"
              defaultValue={listing.maxPrice}
              error={errors.maxPrice}
            />
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" name="inStock" value="true" defaultChecked={listing.inStock === 'true'} />
          Solo con stock
        </label>
        <label className="check">
          <input type="checkbox" name="minRating" value="5" defaultChecked={listing.minRating === '5'} />5 Estrellas
        </label>
        <SelectField
          name="sort"
          label="Ordenar por"
          defaultValue={effectiveSort(listing)}
          error={errors.sort}
          options={SORT_OPTIONS}
        />
        <button type="submit" className="button">
          Aplicar filtros
        </button>
        <Link href="/productos">Quitar filtros</Link>
      </form>
    </details>
  );
}
