/**
 * The loading state of a route that has one (not the shopping pages: see layout.tsx), while its render
 * streams in. Never above a page that may be a 404 (an order, a product to edit, a payment): a loading
 * boundary sends its 200 before that page can call notFound(). So a list's loading.tsx sits with its
 * page in a route group (`pedidos/(lista)/`), which its `[id]` sibling is outside of.
 */
export function RouteLoading({ label = 'Cargando…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}
