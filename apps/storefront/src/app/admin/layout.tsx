import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/require-session';

export const metadata: Metadata = { title: { default: 'Administración', template: '%s · Admin · GreenCommerce' } };

/** Only admins see the section (a customer gets the 403 page); the services check every call again. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <>
      <nav className="admin-nav" aria-label="Administración">
        <ul>
          <li>
            <Link href="/admin">Resumen</Link>
          </li>
          <li>
            <Link href="/admin/productos">Productos</Link>
          </li>
          <li>
            <Link href="/admin/productos/nuevo">Nuevo producto</Link>
          </li>
          <li>
            <Link href="/admin/pedidos">Pedidos</Link>
          </li>
        </ul>
      </nav>
      {children}
    </>
  );
}
