import Link from 'next/link';
import { requireAdmin } from '@/lib/require-session';

export default async function AdminHome() {
  await requireAdmin();
  return (
    <>
      <h1>Administración</h1>
      <div className="account-grid">
        <section className="panel" aria-labelledby="admin-products">
          <h2 id="admin-products">Productos</h2>
          <p>Busca, crea y edita productos; sube sus imágenes, ajusta el stock o archívalos.</p>
          <p className="actions">
            <Link href="/admin/productos" className="button">
              Ver productos
            </Link>
            <Link href="/admin/productos/nuevo" className="button secondary">
              Nuevo producto
            </Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="admin-orders">
          <h2 id="admin-orders">Pedidos</h2>
          <p>Todos los pedidos: márcalos como enviados, cancela los que esperan pago o reembolsa los pagados.</p>
          <p className="actions">
            <Link href="/admin/pedidos" className="button">
              Ver pedidos
            </Link>
            <Link href="/admin/pedidos?status=paid" className="button secondary">
              Pagados por enviar
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
