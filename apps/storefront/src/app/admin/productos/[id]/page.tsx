import type { Metadata } from 'next';
import Link from 'next/link';
import { productForEdit } from '@/lib/admin-products';
import { storefrontImage } from '@/lib/images';
import { requireAdmin } from '@/lib/require-session';
import { getCategories } from '@/lib/shop-data';
import { ProductForm } from '../product-form';
import { ArchiveForm, ImageUploadForm, RemoveImageForm, StockForm } from './product-tools';

export const metadata: Metadata = { title: 'Editar producto' };

export default async function EditProduct({ params, searchParams }: PageProps<'/admin/productos/[id]'>) {
  await requireAdmin();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const [{ product, etag }, categories] = await Promise.all([productForEdit(id), getCategories()]);
  return (
    <>
      <p>
        <Link href="/admin/productos">← Productos</Link>
      </p>
      <h1>{product.name}</h1>
      {query.creado && (
        <p className="alert success" role="status">
          Producto creado. Ahora puedes añadirle imágenes.
        </p>
      )}
      <p>
        <Link href={`/productos/${product.slug}`}>Ver en la tienda</Link>
      </p>
      <div className="account-grid">
        <section className="panel" aria-labelledby="data-title">
          <h2 id="data-title">Datos</h2>
          <ProductForm
            mode="edit"
            productId={product.id}
            etag={etag}
            categories={categories.map((c) => ({ value: c.slug, label: c.name }))}
            initial={{
              name: product.name,
              slug: product.slug,
              description: product.description,
              price: product.price.toFixed(2),
              currency: product.currency,
              category: product.categorySlug,
              brand: product.brand,
              rating: String(product.rating),
              quantity: String(product.quantity),
              featured: product.featured,
            }}
          />
        </section>
        <div>
          <section className="panel" aria-labelledby="stock-title">
            <h2 id="stock-title">Stock</h2>
            <p>
              Disponibles ahora: <strong data-testid="product-stock">{product.quantity}</strong>
            </p>
            <StockForm productId={product.id} />
          </section>
          <section className="panel" aria-labelledby="images-title">
            <h2 id="images-title">Imágenes</h2>
            {product.images.length === 0 ? (
              <p className="hint">Este producto aún no tiene imágenes.</p>
            ) : (
              <ul className="thumb-list">
                {product.images.map((image, i) => (
                  <li key={image.id}>
                    <img
                      src={storefrontImage(image.url) ?? '/placeholder.svg'}
                      alt={`${product.name}, imagen ${i + 1}${i === 0 ? ' (principal)' : ''}`}
                      width={112}
                      height={112}
                    />
                    <RemoveImageForm productId={product.id} imageId={image.id} label={`imagen ${i + 1}`} />
                  </li>
                ))}
              </ul>
            )}
            <ImageUploadForm productId={product.id} />
          </section>
          <section className="panel" aria-labelledby="archive-title">
            <h2 id="archive-title">Archivar</h2>
            <p>Deja de venderse y desaparece de la tienda; los pedidos que lo incluyen lo conservan.</p>
            <ArchiveForm productId={product.id} etag={etag} name={product.name} />
          </section>
        </div>
      </div>
    </>
  );
}
