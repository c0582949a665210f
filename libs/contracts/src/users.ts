import { z } from 'zod';
import { checkBirthDate, profileInput, ShippingAddress } from './profile-fields';
import { Role } from './roles';

/** Non-essential mail (e.g. "your profile photo was updated"); verification, reset and receipts are always sent. */
export const NotificationSettings = z.object({
  marketing: z.boolean().meta({ description: 'false: no non-essential mail' }),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

/** The original GET /user/info shape, field for field, plus the account's `role` (added for the storefront). */
export const UserInfo = z.object({
  name: z.string(),
  lastName: z.string(),
  dayBirth: z.number().int(),
  monthBirth: z.number().int(),
  yearBirth: z.number().int(),
  gender: z.string(),
  phoneNumber: z.string(),
  email: z.string(),
  profileImage: z.string().nullable(),
  shippingAddress: z.string().nullable(),
  role: Role.meta({
    description:
      'customer, or admin (granted only by `npm run admin:grant`); access tokens carry it from the next login or refresh',
  }),
  emailVerified: z.boolean().meta({
    description:
      'The current address was proven by its link; access tokens carry it (email_verified) from the next login or refresh',
  }),
  notifications: NotificationSettings,
});
export type UserInfo = z.infer<typeof UserInfo>;

export const UploadResponse = z.object({ message: z.string(), imageUrl: z.string(), key: z.string() });
export type UploadResponse = z.infer<typeof UploadResponse>;

/**
 * The original client PUTs its whole form state, including `profileImage` and an empty `password`.
 * Unknown fields are ignored rather than rejected so that client keeps working; a real password change
 * belongs to POST /auth/password.
 */
export const UpdateUserRequest = z
  .object({
    ...profileInput,
    shippingAddress: ShippingAddress.nullable(),
    password: z.literal('', { error: 'change the password with POST /auth/password' }),
    profileImage: z.unknown(),
  })
  .partial()
  .superRefine(checkBirthDate)
  .transform(({ password: _password, profileImage: _profileImage, ...profile }) => profile);
export type UpdateUserRequest = z.input<typeof UpdateUserRequest>;
export type UserProfileChanges = z.output<typeof UpdateUserRequest>;
