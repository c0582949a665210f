'use client';

// The root layout itself failed (it renders the header): a page of its own, with its own document.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="es">
      <body
        style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '3rem 1rem', color: '#1c2b22' }}
      >
        <main>
          <h1>Algo salió mal</h1>
          <p role="alert">La tienda no pudo cargar esta página. Inténtalo de nuevo en unos minutos.</p>
          <button
            type="button"
            onClick={() => retry()}
            style={{
              background: '#166534',
              color: '#fff',
              border: 0,
              borderRadius: 10,
              padding: '0.6rem 1.1rem',
              font: 'inherit',
            }}
          >
            Reintentar
          </button>
        </main>
      </body>
    </html>
  );
}
