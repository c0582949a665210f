const RAW = Symbol('html');

/** Markup already escaped (or our own): interpolated into html`` as it is. */
export type Html = { readonly [RAW]: string };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const render = (v: unknown): string => {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && RAW in v) return (v as Html)[RAW];
  return escapeHtml(String(v));
};

/**
 * A template whose every interpolation is escaped (text and attribute values alike, quotes included),
 * unless it is itself html``: names, product names and anything else users typed can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return { [RAW]: out };
}

export const toHtmlString = (h: Html) => h[RAW];

/** Only http(s) URLs go into href/src: a javascript: or data: URL from an event is dropped. */
export const safeUrl = (url: string): string | undefined => {
  const u = URL.parse(url);
  return u && (u.protocol === 'https:' || u.protocol === 'http:') ? u.href : undefined;
};
