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
        {/* No loading.tsx here or on the pages a shopper uses without JavaScript (home, listing, product,
            cart): its Suspense boundary streams such a page after a "Cargando…" fallback and only a script
            swaps the page in, so a browser without JavaScript kept the fallback. They render whole. */}
        <main id="contenido">{children}</main>
        <footer className="site-footer">
          <p>GreenCommerce · Comercio sostenible · Programación Distribuida, UCE</p>
        </footer>
      </body>
    </html>
  );
}
