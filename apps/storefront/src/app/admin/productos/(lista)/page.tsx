import type { Metadata } from 'next';
import Link from 'next/link';
import { Pagination } from '@/components/pagination';
import { searchProducts } from '@/lib/admin-products';
import { storefrontImage } from '@/lib/images';
import { formatPrice } from '@/lib/money';
import { requireAdmin } from '@/lib/require-session';

export const metadata: Metadata = { title: 'Productos' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function AdminProducts({ searchParams }: PageProps<'/admin/productos'>) {
  await requireAdmin();
  const query = await searchParams;
  const q = first(query.q);
  const cursor = first(query.cursor);
  const archived = first(query.archivado);
  const page = await searchProducts(q, cursor);
  const here = (extra: Record<string, string>) =>
    `/admin/productos?${new URLSearchParams({ ...(q && { q }), ...extra })}`;
  return (
    <>
      <h1>Productos</h1>
      {archived && (
        <p className="alert success" role="status">
          «{archived}» está archivado: ya no aparece en la tienda (los pedidos que lo incluyen lo conservan).
        </p>
      )}
      <div className="filter-bar">
        <search>
          <form action="/admin/productos" className="filter-bar">
            <div className="field">
              <label htmlFor="admin-q">Buscar productos</label>
              <input id="admin-q" type="search" name="q" defaultValue={q} maxLength={200} />
            </div>
            <button type="submit" className="button">
              Buscar
            </button>
          </form>
        </search>
        <Link href="/admin/productos/nuevo" className="button secondary">
          Nuevo producto
        </Link>
      </div>
      {page.products.length === 0 ? (
        <p className="state">{q ? `Ningún producto coincide con «${q}».` : 'No hay productos.'}</p>
      ) : (
        <table className="data-table panel stack" data-testid="admin-products">
          <caption className="visually-hidden">Productos a la venta</caption>
          <thead>
            <tr>
              <th scope="col">Imagen</th>
              <th scope="col">Producto</th>
              <th scope="col">Categoría</th>
              <th scope="col" className="num">
                Precio
              </th>
              <th scope="col" className="num">
                Stock
              </th>
            </tr>
          </thead>
          <tbody>
            {page.products.map((p) => {
              const image = storefrontImage(p.image);
              return (
                <tr key={p.id}>
                  <td>{image ? <img src={image} alt="" width={48} height={48} className="table-thumb" /> : '—'}</td>
                  <td>
                    <Link href={`/admin/productos/${p.id}`}>{p.name}</Link>
                    {p.featured && <span className="badge"> Destacado</span>}
                    <br />
                    <span className="hint">{p.brand}</span>
                  </td>
                  <td data-label="Categoría">{p.category}</td>
                  <td data-label="Precio" className="num">
                    {formatPrice(p.price, p.currency)}
                  </td>
                  <td data-label="Stock" className="num">
                    {p.quantity}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination
        firstHref={cursor && here({})}
        nextHref={page.next && here({ cursor: page.next })}
        nextLabel="Página siguiente"
      />
    </>
  );
}
