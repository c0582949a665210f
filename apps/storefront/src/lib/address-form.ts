import type { OrderAddress } from '@greencommerce/client';

/** The orders service's address fields, in the order the form shows them. */
export const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

const OPTIONAL: ReadonlySet<AddressField> = new Set(['line2', 'region', 'phone']);

/** The countries the form offers (ISO 3166-1 alpha-2, what the service takes), the shop's own first. */
export const COUNTRIES = [
  { value: 'EC', label: 'Ecuador' },
  { value: 'AR', label: 'Argentina' },
  { value: 'BO', label: 'Bolivia' },
  { value: 'CL', label: 'Chile' },
  { value: 'CO', label: 'Colombia' },
  { value: 'CR', label: 'Costa Rica' },
  { value: 'ES', label: 'España' },
  { value: 'US', label: 'Estados Unidos' },
  { value: 'GT', label: 'Guatemala' },
  { value: 'MX', label: 'México' },
  { value: 'PA', label: 'Panamá' },
  { value: 'PY', label: 'Paraguay' },
  { value: 'PE', label: 'Perú' },
  { value: 'UY', label: 'Uruguay' },
  { value: 'VE', label: 'Venezuela' },
] as const;

/**
 * The shipping address a checkout form sent, as the service's body: text as typed (the service trims
 * and judges it), an optional field left blank is left out rather than sent empty (which the service
 * would refuse as too short), and the country code in capitals.
 */
export function readAddress(form: FormData): OrderAddress {
  const out: Record<string, string> = {};
  for (const name of ADDRESS_FIELDS) {
    const raw = form.get(name);
    const value = typeof raw === 'string' ? raw : '';
    if (OPTIONAL.has(name) && value.trim() === '') continue;
    out[name] = name === 'country' ? value.trim().toUpperCase() : value;
  }
  return out as OrderAddress;
}

/**
 * The field errors of a body whose address sits under `prefix` (`shippingAddress.city` → `city`),
 * so each lands next to its input; any other path is kept as it came.
 */
export function fieldsUnder(fields: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const key = path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    out[key] ??= message;
  }
  return out;
}

/**
 * Where the address form starts: the address of the user's last order when there is one, else the
 * profile's name, phone and saved address; Ecuador by default.
 */
export function addressDefaults(
  user: { name?: string; lastName?: string; phoneNumber?: string; shippingAddress?: string | null } | null,
  last: OrderAddress | null = null,
): Partial<Record<AddressField, string>> {
  if (last) return { ...last };
  if (!user) return { country: 'EC' };
  const name = [user.name, user.lastName].filter(Boolean).join(' ');
  return {
    country: 'EC',
    ...(name && { name }),
    ...(user.phoneNumber && { phone: user.phoneNumber }),
    ...(user.shippingAddress && { line1: user.shippingAddress }),
  };
}
