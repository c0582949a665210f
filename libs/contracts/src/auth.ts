import { z } from 'zod';
import { PublicJwk } from './jwk';
import { checkBirthDate, EMAIL_MAX_LENGTH, Email, Password, profileInput } from './profile-fields';
import { UserInfo } from './users';

export const RegisterRequest = z.object({ ...profileInput, password: Password }).superRefine(checkBirthDate);
export type RegisterRequest = z.input<typeof RegisterRequest>;

/** What registration answers: the /user/info profile plus the new id. */
export const PublicUser = UserInfo.extend({ id: z.number().int() });
export type PublicUser = z.infer<typeof PublicUser>;

export const LoginRequest = z.object({
  email: z
    .string()
    .trim()
    .min(1)
    .max(EMAIL_MAX_LENGTH)
    .transform((s) => s.toLowerCase()),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.input<typeof LoginRequest>;

export const TokenResponse = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) });
export type RefreshRequest = z.input<typeof RefreshRequest>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: Password,
});
export type ChangePasswordRequest = z.input<typeof ChangePasswordRequest>;

export const MessageResponse = z.object({ message: z.string() });
export type MessageResponse = z.infer<typeof MessageResponse>;

/** The public keys that verify access tokens, as /.well-known/jwks.json publishes them (RFC 7517). */
export const Jwks = z.object({ keys: z.array(PublicJwk) });
export type Jwks = z.infer<typeof Jwks>;

/** A link token as mailed (43 base64url characters); anything longer is no token of ours. */
const LinkToken = z.string().trim().min(1).max(200);

export const VerifyEmailRequest = z.object({ token: LinkToken });
export type VerifyEmailRequest = z.input<typeof VerifyEmailRequest>;

export const PasswordResetRequest = z.object({ email: Email });
export type PasswordResetRequest = z.input<typeof PasswordResetRequest>;

/** The new password is checked as registration checks one. */
export const PasswordResetConfirmRequest = z.object({ token: LinkToken, password: Password });
export type PasswordResetConfirmRequest = z.input<typeof PasswordResetConfirmRequest>;
