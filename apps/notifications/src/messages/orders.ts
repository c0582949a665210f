import { type Composed, greeting, type Locale, signature } from './copy';
import { formatMoney } from './format';
import { html } from './html';
import { button, layout } from './layout';

type Line = { name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number };
type Order = {
  orderId: string;
  customerName: string | null;
  lines: Line[];
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
};

const cell = 'padding:6px 4px;border-bottom:1px solid #e3ebe0';

/** The receipt of a paid order: every line, the subtotal, shipping and the total charged. */
export function receiptMail(m: { locale: Locale; order: Order; ordersLink: string }): Composed {
  const { locale, order: o } = m;
  const en = locale === 'en';
  const money = (minor: number) => formatMoney(minor, o.currency, locale);
  const subject = en ? `Receipt for your order ${o.orderId}` : `Recibo de tu pedido ${o.orderId}`;
  const intro = en
    ? 'Thank you! We received your payment for this order:'
    : '¡Gracias! Recibimos el pago de este pedido:';
  const labels = en
    ? {
        product: 'Product',
        qty: 'Qty',
        price: 'Price',
        total: 'Total',
        subtotal: 'Subtotal',
        shipping: 'Shipping',
        see: 'See my orders',
      }
    : {
        product: 'Producto',
        qty: 'Cant.',
        price: 'Precio',
        total: 'Total',
        subtotal: 'Subtotal',
        shipping: 'Envío',
        see: 'Ver mis pedidos',
      };
  const textLines = o.lines.map(
    (l) => `- ${l.name} x ${l.quantity} @ ${money(l.unitPriceMinor)} = ${money(l.lineTotalMinor)}`,
  );
  const text = [
    greeting(locale, o.customerName),
    '',
    intro,
    `${en ? 'Order' : 'Pedido'}: ${o.orderId}`,
    '',
    ...textLines,
    '',
    `${labels.subtotal}: ${money(o.subtotalMinor)}`,
    `${labels.shipping}: ${money(o.shippingMinor)}`,
    `${labels.total}: ${money(o.totalMinor)}`,
    '',
    m.ordersLink,
    '',
    signature(locale),
  ].join('\n');
  const rows = o.lines.map(
    (l) =>
      html`<tr><td style="${cell}">${l.name}</td><td style="${cell};text-align:right">${l.quantity}</td><td style="${cell};text-align:right">${money(l.unitPriceMinor)}</td><td style="${cell};text-align:right">${money(l.lineTotalMinor)}</td></tr>`,
  );
  const sum = (label: string, minor: number, bold = false) =>
    html`<tr><td colspan="3" style="padding:4px;text-align:right${bold ? ';font-weight:bold' : ''}">${label}</td><td style="padding:4px;text-align:right${bold ? ';font-weight:bold' : ''}">${money(minor)}</td></tr>`;
  const body = html`<p>${greeting(locale, o.customerName)}</p><p>${intro}</p><p>${en ? 'Order' : 'Pedido'}: <strong>${o.orderId}</strong></p>
<table style="width:100%;border-collapse:collapse;font-size:14px"><thead><tr><th style="${cell};text-align:left">${labels.product}</th><th style="${cell};text-align:right">${labels.qty}</th><th style="${cell};text-align:right">${labels.price}</th><th style="${cell};text-align:right">${labels.total}</th></tr></thead>
<tbody>${rows}${sum(labels.subtotal, o.subtotalMinor)}${sum(labels.shipping, o.shippingMinor)}${sum(labels.total, o.totalMinor, true)}</tbody></table>
${button(m.ordersLink, labels.see)}<p>${signature(locale)}</p>`;
  return { subject, text, html: layout(locale, subject, body) };
}

type Notice = 'cancelled' | 'expired' | 'refunded';

/** A short notice about an order: cancelled, expired unpaid, or (partly) refunded. */
export function orderNoticeMail(m: {
  locale: Locale;
  order: Order;
  notice: Notice;
  refund?: { amountMinor: number; full: boolean };
  ordersLink: string;
}): Composed {
  const { locale, order: o } = m;
  const en = locale === 'en';
  const money = (minor: number) => formatMoney(minor, o.currency, locale);
  const subjects: Record<Notice, string> = en
    ? { cancelled: 'Your order was cancelled', expired: 'Your order expired', refunded: 'Your refund is on its way' }
    : { cancelled: 'Tu pedido fue cancelado', expired: 'Tu pedido caducó', refunded: 'Tu reembolso está en camino' };
  const refund = m.refund ? money(m.refund.amountMinor) : '';
  const sentences: Record<Notice, string> = en
    ? {
        cancelled: `Order ${o.orderId} (${money(o.totalMinor)}) was cancelled.`,
        expired: `Order ${o.orderId} (${money(o.totalMinor)}) was not paid in time and expired; nothing was charged.`,
        refunded: m.refund?.full
          ? `We refunded ${refund}, the whole of order ${o.orderId}.`
          : `We refunded ${refund} of order ${o.orderId} (${money(o.totalMinor)}).`,
      }
    : {
        cancelled: `El pedido ${o.orderId} (${money(o.totalMinor)}) fue cancelado.`,
        expired: `El pedido ${o.orderId} (${money(o.totalMinor)}) no se pagó a tiempo y caducó; no se cobró nada.`,
        refunded: m.refund?.full
          ? `Reembolsamos ${refund}, el total del pedido ${o.orderId}.`
          : `Reembolsamos ${refund} del pedido ${o.orderId} (${money(o.totalMinor)}).`,
      };
  const subject = subjects[m.notice];
  const see = en ? 'See my orders' : 'Ver mis pedidos';
  return {
    subject,
    text: [greeting(locale, o.customerName), '', sentences[m.notice], '', m.ordersLink, '', signature(locale)].join(
      '\n',
    ),
    html: layout(
      locale,
      subject,
      html`<p>${greeting(locale, o.customerName)}</p><p>${sentences[m.notice]}</p>${button(m.ordersLink, see)}<p>${signature(locale)}</p>`,
    ),
  };
}
