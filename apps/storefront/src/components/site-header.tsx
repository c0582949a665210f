import Link from 'next/link';
import { logout } from '@/app/actions/auth';
import { readSession } from '@/lib/session';
import { getCart, getCategories, getCurrentUser, orNull } from '@/lib/shop-data';
import { isAdmin } from '@/lib/token-claims';

export async function SiteHeader() {
  const session = await readSession();
  // The header never takes the page down: a service that does not answer just leaves its part out.
  const [categories, user, cart] = await Promise.all([
    getCategories().catch((err) => orNull(err) ?? []),
    getCurrentUser().catch(orNull),
    getCart().catch(orNull),
  ]);
  const count = cart?.itemCount ?? 0;
  const signedIn = session.claims !== null;
  const displayName = user?.name ?? session.claims?.email ?? 'Mi cuenta';

  return (
    <header className="site-header">
      <div className="header-top">
        <Link href="/" className="logo">
          GreenCommerce
        </Link>
        <search className="search">
          <form action="/productos" className="search-form">
            <label htmlFor="header-search" className="visually-hidden">
              Buscar artículos
            </label>
            <input id="header-search" type="search" name="q" placeholder="Buscar artículos" maxLength={200} />
            <button type="submit" className="button">
              Buscar
            </button>
          </form>
        </search>
        <nav aria-label="Cuenta">
          <ul className="account">
            <li>
              <Link href="/carrito" className="cart-link">
                <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" className="cart-icon">
                  <path
                    fill="currentColor"
                    d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM3 2h2.2l2.6 11.2a2 2 0 0 0 2 1.5h7.6a2 2 0 0 0 1.9-1.4L22 6H6.4l-.6-2.6A2 2 0 0 0 3.9 2H3Z"
                  />
                </svg>{' '}
                Carrito
                <span className="badge" data-testid="cart-count">
                  {count}
                </span>
                <span className="visually-hidden"> artículos</span>
              </Link>
            </li>
            {signedIn ? (
              <>
                <li>
                  <span data-testid="user-name">Hola, {displayName}</span>
                </li>
                <li>
                  <Link href="/perfil">Mi perfil</Link>
                </li>
                <li>
                  <Link href="/pedidos">Tus Pedidos</Link>
                </li>
                {isAdmin(session.claims) && (
                  <li>
                    <Link href="/admin">Admin</Link>
                  </li>
                )}
                <li>
                  <form action={logout}>
                    <button type="submit" className="link-button">
                      Cerrar sesión
                    </button>
                  </form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href="/login">Iniciar sesión</Link>
                </li>
                <li>
                  <Link href="/registro">Registrarse</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
      {categories.length > 0 && (
        <nav className="categories-nav" aria-label="Categorías">
          <ul>
            <li>
              <Link href="/productos">Todos</Link>
            </li>
            {categories.map((c) => (
              <li key={c.slug}>
                <Link href={`/productos?category=${c.slug}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
