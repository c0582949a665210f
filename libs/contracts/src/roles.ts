import { z } from 'zod';

/**
 * What an account may do, as access tokens carry it in their `roles` claim (a JSON array of
 * strings). The account's one `users.role` column ('customer' by default, 'admin' only through
 * `npm run admin:grant`) becomes that claim at login and at refresh.
 */
export const Role = z.enum(['customer', 'admin']);
export type Role = z.infer<typeof Role>;

/**
 * The `roles` claim of an account whose `users.role` is `role`. Roles add privileges: an admin is
 * also a customer (it can shop, and any route open to customers is open to it), so its claim is
 * ["customer", "admin"]. A column value other than 'admin' grants nothing beyond ["customer"].
 */
export function tokenRoles(role: string): Role[] {
  return role === 'admin' ? ['customer', 'admin'] : ['customer'];
}

/** The account's role as the API shows it (GET /user/info), read from `users.role`. */
export const accountRole = (role: string): Role => (role === 'admin' ? 'admin' : 'customer');
