import Link from 'next/link';

type Props = {
  /** Where the first page is, once past it. */
  firstHref?: string;
  nextHref?: string;
  nextLabel: string;
};

/** A cursor-paged list's way on: back to the first page (a cursor cannot go back one) and on to the next. */
export function Pagination({ firstHref, nextHref, nextLabel }: Props) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav className="pagination" aria-label="Paginación">
      {firstHref ? (
        <Link href={firstHref} className="button secondary">
          Primera página
        </Link>
      ) : (
        // Holds the first place, so that space-between keeps the next link on the right.
        <span />
      )}
      {nextHref && (
        <Link href={nextHref} className="button" rel="next">
          {nextLabel}
        </Link>
      )}
    </nav>
  );
}
