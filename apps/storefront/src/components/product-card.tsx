import Link from 'next/link';
import { storefrontImage } from '@/lib/images';
import { formatPrice } from '@/lib/money';
import type { Product } from '@/lib/shop-data';

/** The original client's card: image, name, description, price, brand. */
export function ProductCard({ product, headingLevel = 3 }: { product: Product; headingLevel?: 2 | 3 }) {
  const image = storefrontImage(product.imageUrl);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="product-card" data-testid="product-card">
      <img src={image ?? '/placeholder.svg'} alt={image ? product.name : ''} width={400} height={300} loading="lazy" />
      <div className="body">
        <Heading>
          <Link href={`/productos/${product.slug}`} className="product-title">
            {product.name}
          </Link>
        </Heading>
        <p className="description">{product.description}</p>
        <p className="brand">Marca: {product.brand}</p>
        <p style={{ margin: 0 }}>
          <span className="price">{formatPrice(product.price, product.currency)}</span>{' '}
          {product.quantity > 0 ? <span className="badge">En stock</span> : <span className="badge out">Agotado</span>}
        </p>
        {product.rating > 0 && <p className="hint">Valoración: {product.rating.toFixed(1)} de 5</p>}
      </div>
    </article>
  );
}
