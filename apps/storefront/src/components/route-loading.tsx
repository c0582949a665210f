/** The loading state of a route that has one (not the shopping pages: see layout.tsx), while its render streams in. */
export function RouteLoading({ label = 'Cargando…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}
