/**
 * The listing's state lives in its URL (/productos?q=te&category=tecnologia&cursor=...), so a reload, a
 * shared link and the back button all show the same page. The parameters carry the catalog's own
 * names; each one the page sends on is passed as the user gave it, and the catalog judges it.
 */
export const LISTING_PARAMS = [
  'q',
  'category',
  'brand',
  'minPrice',
  'maxPrice',
  'inStock',
  'minRating',
  'sort',
  'cursor',
] as const;
export type ListingParam = (typeof LISTING_PARAMS)[number];
export type Listing = Partial<Record<ListingParam, string>>;

export const PAGE_SIZE = 12;

type SearchParams = Record<string, string | string[] | undefined>;

/** The listing parameters of a page's search params: known names only, first value, blanks dropped. */
export function readListing(search: SearchParams): Listing {
  const out: Listing = {};
  for (const name of LISTING_PARAMS) {
    const raw = search[name];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) out[name] = value;
  }
  // "Relevance" ranks search matches: without a search there is nothing to rank by.
  if (out.sort === 'relevance' && !out.q) delete out.sort;
  return out;
}

/** The order the catalog applies when none is asked for: by relevance to a search, else newest first. */
export const effectiveSort = (listing: Listing) => listing.sort ?? (listing.q ? 'relevance' : 'newest');

/** The page's link with some parameters changed; any change but the cursor starts again at page one. */
export function listingHref(current: Listing, changes: Listing & { [K in ListingParam]?: string | undefined }): string {
  const next: Listing = { ...current, ...changes };
  if (!('cursor' in changes)) delete next.cursor;
  const query = new URLSearchParams();
  for (const name of LISTING_PARAMS) {
    const v = next[name];
    if (v) query.set(name, v);
  }
  const qs = query.toString();
  return qs ? `/productos?${qs}` : '/productos';
}

/** The cursor of the `rel="next"` link in a Link header (RFC 8288), or undefined on the last page. */
export function nextCursor(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!m || !/\brel="?next"?/.test(m[2] ?? '')) continue;
    const cursor = new URL(m[1]!, 'http://x').searchParams.get('cursor');
    if (cursor) return cursor;
  }
  return undefined;
}

export const SORT_OPTIONS = [
  { value: 'relevance', label: 'Relevancia (con búsqueda)' },
  { value: 'newest', label: 'Más recientes' },
  { value: 'price', label: 'Precio: de menor a mayor' },
  { value: '-price', label: 'Precio: de mayor a menor' },
  { value: 'rating', label: 'Mejor valorados' },
  { value: 'name', label: 'Nombre (A-Z)' },
] as const;
