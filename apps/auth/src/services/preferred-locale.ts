/**
 * The mail language from Accept-Language: 'en' when English has a higher q than Spanish (or Spanish is
 * absent or refused), else 'es', the original client's. Anything else named in the header is ignored.
 */
export function preferredLocale(header: string | undefined): 'es' | 'en' {
  if (!header) return 'es';
  let es = -1;
  let en = -1;
  for (const part of header.slice(0, 1000).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const lang = tag.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q < 0 || q > 1) continue;
    if (lang === 'es') es = Math.max(es, q);
    else if (lang === 'en') en = Math.max(en, q);
  }
  return en > 0 && en > es ? 'en' : 'es';
}
