import { findUserById, type Trx } from '@greencommerce/db';
import type { DomainEvent } from '@greencommerce/events';
import { passwordChangedMail, passwordResetMail, profilePhotoMail, verificationMail } from '../messages/account';
import { type Composed, type Locale, toLocale } from '../messages/copy';
import { safeUrl } from '../messages/html';
import { orderNoticeMail, receiptMail } from '../messages/orders';

export type MailConfig = {
  /** STOREFRONT_URL: the web pages the links open (verify-email, reset-password, pedidos). */
  storefrontUrl: string;
};

/** A message an event owes, addressed: or null when it owes none (no address, the account opted out). */
export type AddressedMail = Composed & { recipient: string; locale: Locale };

const link = (config: MailConfig, path: string, token?: string) => {
  const url = new URL(path, `${config.storefrontUrl.replace(/\/+$/, '')}/`);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.href;
};

/** The account as mail sees it: where to write, in which language, and whether it opted out. */
async function recipient(trx: Trx, userId: number) {
  const row = await findUserById(trx, userId);
  if (!row) return undefined;
  return { email: row.email, name: row.name, locale: toLocale(row.locale), optedOut: !!row.marketing_opt_out };
}

/**
 * The mail for an event, in the account's language. Verification, reset, the password notice, receipts
 * and refunds always go; the photo notice and cancelled/expired notices are non-essential and respect
 * the account's opt-out.
 */
export async function composeMail(trx: Trx, event: DomainEvent, config: MailConfig): Promise<AddressedMail | null> {
  switch (event.event) {
    case 'EmailVerificationRequested': {
      const d = event.data;
      const locale = toLocale(d.locale);
      return {
        recipient: d.email,
        locale,
        ...verificationMail({
          locale,
          name: d.name,
          link: link(config, 'verify-email', d.token),
          expiresAt: d.expiresAt,
          welcome: d.reason === 'registration',
        }),
      };
    }
    case 'PasswordResetRequested': {
      const d = event.data;
      const locale = toLocale(d.locale);
      return {
        recipient: d.email,
        locale,
        ...passwordResetMail({
          locale,
          name: d.name,
          link: link(config, 'reset-password', d.token),
          expiresAt: d.expiresAt,
        }),
      };
    }
    case 'PasswordChanged': {
      const d = event.data;
      const locale = toLocale(d.locale);
      return {
        recipient: d.email,
        locale,
        ...passwordChangedMail({ locale, name: d.name, reason: d.reason, resetLink: link(config, 'forgot-password') }),
      };
    }
    case 'ImageUploaded': {
      const to = await recipient(trx, event.data.userId);
      if (!to || to.optedOut) return null;
      return {
        recipient: to.email,
        locale: to.locale,
        ...profilePhotoMail({ locale: to.locale, name: to.name, imageUrl: safeUrl(event.data.imageUrl) }),
      };
    }
    case 'OrderPaid':
    case 'OrderRefunded':
    case 'OrderCancelled':
    case 'OrderExpired': {
      const d = event.data;
      const to = await recipient(trx, d.userId);
      const address = to?.email ?? d.email;
      if (!address) return null;
      const locale = to?.locale ?? 'es';
      const ordersLink = link(config, 'pedidos');
      if (event.event === 'OrderPaid')
        return { recipient: address, locale, ...receiptMail({ locale, order: d, ordersLink }) };
      if (event.event === 'OrderRefunded') {
        const refund = { amountMinor: event.data.amountMinor, full: event.data.full };
        return {
          recipient: address,
          locale,
          ...orderNoticeMail({ locale, order: d, notice: 'refunded', refund, ordersLink }),
        };
      }
      if (to?.optedOut) return null;
      const notice = event.event === 'OrderCancelled' ? 'cancelled' : 'expired';
      return { recipient: address, locale, ...orderNoticeMail({ locale, order: d, notice, ordersLink }) };
    }
    default:
      return null;
  }
}
