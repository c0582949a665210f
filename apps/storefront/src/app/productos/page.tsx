import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductCard } from '@/components/product-card';
import { api } from '@/lib/api';
import { spanishFieldErrors } from '@/lib/form-errors';
import { listingHref, nextCursor, PAGE_SIZE, readListing } from '@/lib/listing-query';
import { getCategories } from '@/lib/shop-data';
import { Filters } from './filters';

export const metadata: Metadata = { title: 'Productos' };

export default async function ProductsPage({ searchParams }: PageProps<'/productos'>) {
  const listing = readListing(await searchParams);
  const client = await api();
  const [categories, result] = await Promise.all([
    getCategories(),
    client.catalog.GET('/products', {
      params: { query: { ...listing, limit: String(PAGE_SIZE), withTotal: 'true' } as never },
    }),
  ]);
  // A filter the catalog refused is shown next to its field; anything else is the error page's.
  const errors = result.response.status === 400 ? spanishFieldErrors(result.error) : {};
  if (result.error && result.response.status !== 400) throw new Error(`catalog answered ${result.response.status}`);
  const products = result.data ?? [];
  const next = nextCursor(result.response.headers.get('link'));
  const total = Number(result.response.headers.get('x-total-count') ?? Number.NaN);
  const category = categories.find((c) => c.slug === listing.category);
  const title = listing.q ? `Resultados para «${listing.q}»` : (category?.name ?? 'Todos los productos');

  return (
    <>
      <h1>{title}</h1>
      <ul className="quick-filters" aria-label="Filtros rápidos">
        <li>
          <Link href="/productos" aria-current={Object.keys(listing).length === 0 ? 'true' : undefined}>
            Todos
          </Link>
        </li>
        <li>
          <Link
            href={listingHref(listing, { minRating: listing.minRating === '5' ? undefined : '5' })}
            aria-current={listing.minRating === '5' ? 'true' : undefined}
          >
            5 Estrellas
          </Link>
        </li>
        <li>
          <Link
            href={listingHref(listing, { inStock: listing.inStock === 'true' ? undefined : 'true' })}
            aria-current={listing.inStock === 'true' ? 'true' : undefined}
          >
            En stock
          </Link>
        </li>
      </ul>
      <div className="listing">
        <Filters key={JSON.stringify(listing)} listing={listing} categories={categories} errors={errors} />
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="visually-hidden">
            Resultados
          </h2>
          <p role="status" className="hint">
            {Object.keys(errors).length > 0
              ? 'Corrige los filtros marcados para ver productos.'
              : Number.isFinite(total)
                ? `${total} ${total === 1 ? 'producto' : 'productos'}`
                : ''}
          </p>
          {products.length === 0 && Object.keys(errors).length === 0 ? (
            <p>No encontramos productos con esos filtros. Prueba con otra búsqueda o quita algún filtro.</p>
          ) : (
            <ul className="product-grid">
              {products.map((p) => (
                <li key={p.id}>
                  <ProductCard product={p} />
                </li>
              ))}
            </ul>
          )}
          <nav className="pagination" aria-label="Paginación">
            {listing.cursor ? (
              <Link href={listingHref(listing, {})} className="button secondary">
                Primera página
              </Link>
            ) : (
              <span />
            )}
            {next && (
              <Link href={listingHref(listing, { cursor: next })} className="button" rel="next">
                Página siguiente
              </Link>
            )}
          </nav>
        </section>
      </div>
    </>
  );
}
