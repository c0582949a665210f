'use client';

import Link from 'next/link';

/** Every route's error state: what happened in plain words, a retry, and a way home. */
export function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <section className="state" aria-labelledby="error-title">
      <h1 id="error-title">Algo salió mal</h1>
      <p role="alert">No pudimos cargar esta página. Puede que un servicio no esté respondiendo; inténtalo de nuevo.</p>
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          Reintentar
        </button>{' '}
        <Link href="/" className="button secondary">
          Ir al inicio
        </Link>
      </p>
      {digest && <p className="hint">Referencia del error: {digest}</p>}
    </section>
  );
}
