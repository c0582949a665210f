import Link from 'next/link';

/** A signed-in user on a page their account may not see (the admin section for a customer). */
export default function Forbidden() {
  return (
    <section className="state" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">No tienes acceso a esta página</h1>
      <p>Esta sección es solo para administradores de la tienda.</p>
      <p>
        <Link href="/" className="button">
          Ir al inicio
        </Link>
      </p>
    </section>
  );
}
