import type { Metadata } from 'next';
import { requireAdmin } from '@/lib/require-session';
import { getCategories } from '@/lib/shop-data';
import { ProductForm } from '../product-form';

export const metadata: Metadata = { title: 'Nuevo producto' };

export default async function NewProduct() {
  await requireAdmin();
  const categories = await getCategories();
  return (
    <>
      <h1>Nuevo producto</h1>
      <p className="hint">Las imágenes se suben en el paso siguiente, una vez creado el producto.</p>
      <ProductForm
        mode="create"
        categories={categories.map((c) => ({ value: c.slug, label: c.name }))}
        initial={{
          name: '',
          slug: '',
          description: '',
          price: '',
          currency: 'USD',
          category: '',
          brand: '',
          rating: '0',
          quantity: '0',
          featured: false,
        }}
      />
    </>
  );
}
