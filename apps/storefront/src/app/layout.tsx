import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NoScriptStream } from '@/components/no-script-stream';
import { SiteHeader } from '@/components/site-header';
import './globals.css';
import './account.css';

export const metadata: Metadata = {
  title: { default: 'GreenCommerce', template: '%s · GreenCommerce' },
  description: 'Productos sostenibles: hogar, moda, cuidado personal, comida, tecnología y bebés.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="es">
      <body>
        <NoScriptStream />
        <a href="#contenido" className="skip-link">
          Saltar al contenido
        </a>
        <SiteHeader />
        {/* No loading.tsx here or on the shopping pages (home, listing, product, cart): they render whole,
            in <main>. A streamed page's content comes after a "Cargando…" fallback, outside <main>, and
            only a script (or, without JavaScript, NoScriptStream's stylesheet) puts it in view. */}
        <main id="contenido">{children}</main>
        <footer className="site-footer">
          <p>GreenCommerce · Comercio sostenible · Programación Distribuida, UCE</p>
        </footer>
      </body>
    </html>
  );
}
