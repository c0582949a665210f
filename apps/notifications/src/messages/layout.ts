import { type Html, html, toHtmlString } from './html';

/** The common frame of every HTML part: inline styles only (mail clients drop <style> and classes). */
export function layout(lang: string, title: string, body: Html): string {
  return `<!doctype html>\n${toHtmlString(html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#f4f7f2;font-family:Arial,Helvetica,sans-serif;color:#1f2d1f">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px;font-size:20px;font-weight:bold;color:#2e7d32">GreenCommerce</p>
${body}
</div></body></html>`)}`;
}

/** A call-to-action link drawn as a button, with the URL also in text for clients that hide buttons. */
export const button = (href: string, label: string) =>
  html`<p style="margin:24px 0"><a href="${href}" style="background:#2e7d32;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${label}</a></p>
<p style="font-size:12px;color:#5b6b5b;word-break:break-all">${href}</p>`;
