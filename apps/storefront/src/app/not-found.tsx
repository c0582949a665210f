import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="state" aria-labelledby="nf-title">
      <h1 id="nf-title">Página no encontrada</h1>
      <p>Lo que buscas no existe o ya no está a la venta.</p>
      <p>
        <Link href="/productos" className="button">
          Ver productos
        </Link>{' '}
        <Link href="/" className="button secondary">
          Ir al inicio
        </Link>
      </p>
    </section>
  );
}
