import Link from 'next/link';
import { ProductCard } from '@/components/product-card';
import { api } from '@/lib/api';
import { storefrontImage } from '@/lib/images';
import { getCategories } from '@/lib/shop-data';

export default async function HomePage() {
  const client = await api();
  const [categories, featured] = await Promise.all([
    getCategories(),
    client.catalog.GET('/products/featured', { params: { query: { limit: '8' } } }),
  ]);
  if (featured.error) throw new Error(`catalog answered ${featured.response.status}`);
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Compra sostenible, sin complicaciones</h1>
        <p>Productos para tu hogar, tu ropa, tu cuidado y tu mesa, elegidos por su menor impacto en el planeta.</p>
        <Link href="/productos" className="button">
          Ver todos los productos
        </Link>
      </section>

      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Categorías</h2>
        <ul className="category-grid">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link href={`/productos?category=${c.slug}`}>
                <img src={storefrontImage(c.image) ?? '/placeholder.svg'} alt="" width={300} height={300} />
                <span>{c.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="featured-title">
        <h2 id="featured-title">Productos destacados</h2>
        {featured.data.length === 0 ? (
          <p>Pronto habrá productos destacados.</p>
        ) : (
          <ul className="product-grid">
            {featured.data.map((p) => (
              <li key={p.id}>
                <ProductCard product={p} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
