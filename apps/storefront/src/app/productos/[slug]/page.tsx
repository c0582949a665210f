import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { api } from '@/lib/api';
import { storefrontImage } from '@/lib/images';
import { formatPrice } from '@/lib/money';
import { AddToCart } from './add-to-cart';

const MAX_LINE_QUANTITY = 99;

const getProduct = cache(async (slug: string) => {
  const { data, response } = await (await api()).catalog.GET('/products/{idOrSlug}', {
    params: { path: { idOrSlug: slug } },
  });
  if (response.status === 404 || response.status === 400) notFound();
  if (!data) throw new Error(`catalog answered ${response.status}`);
  return data;
});

export async function generateMetadata({ params }: PageProps<'/productos/[slug]'>): Promise<Metadata> {
  const product = await getProduct((await params).slug);
  return { title: product.name, description: product.description };
}

export default async function ProductPage({ params }: PageProps<'/productos/[slug]'>) {
  const product = await getProduct((await params).slug);
  const images = product.images.map((img) => ({ id: img.id, src: storefrontImage(img.url) ?? '/placeholder.svg' }));
  const [first, ...rest] = images;
  const inStock = product.quantity > 0;

  return (
    <>
      <nav aria-label="Ruta de navegación" className="hint breadcrumbs">
        <Link href="/productos">Productos</Link> ›{' '}
        <Link href={`/productos?category=${product.categorySlug}`}>{product.category}</Link>
      </nav>
      <article className="product-page">
        <div className="gallery">
          <img
            src={first?.src ?? '/placeholder.svg'}
            alt={first ? product.name : 'Sin imagen'}
            width={800}
            height={600}
          />
          {rest.length > 0 && (
            <ul className="thumbs" aria-label="Más imágenes">
              {rest.map((img, i) => (
                <li key={img.id}>
                  <img src={img.src} alt={`${product.name}, imagen ${i + 2}`} width={160} height={160} loading="lazy" />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h1>{product.name}</h1>
          <p className="brand">Marca: {product.brand}</p>
          <p className="price" data-testid="product-price">
            {formatPrice(product.price, product.currency)}
          </p>
          {product.rating > 0 && <p className="hint">Valoración: {product.rating.toFixed(1)} de 5</p>}
          <p>{product.description}</p>
          {inStock ? (
            <>
              <p>
                <span className="badge">En stock</span> {product.quantity}{' '}
                {product.quantity === 1 ? 'unidad disponible' : 'unidades disponibles'}
              </p>
              <AddToCart productId={product.id} max={Math.min(product.quantity, MAX_LINE_QUANTITY)} />
            </>
          ) : (
            <p>
              <span className="badge out">Agotado</span> Vuelve pronto: estamos reponiendo este producto.
            </p>
          )}
        </div>
      </article>
    </>
  );
}
