import { z } from 'zod';

// Field schemas for environment variables, shared by every app and lib that reads configuration.
// Messages never quote the value: it may be a secret, and parseEnv prints them.

/** A comma-separated list in one variable, blank entries dropped. */
export const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Decimal digits only: Number() would also take "1e3", "0x10" or " 5 ". */
const digits = z.string().regex(/^[0-9]{1,16}$/, 'must be a whole number');
const between = (min: number, max: number) =>
  z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const envInt = (def: number, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  digits.default(String(def)).transform(Number).pipe(between(min, max));

/** Unset stays undefined: for a default that depends on other settings. */
export const envIntOrUnset = (min = 1, max = Number.MAX_SAFE_INTEGER) =>
  digits.transform(Number).pipe(between(min, max)).optional();

/** setTimeout fires at once for delays past 2^31-1 ms, so no millisecond setting may exceed it. */
export const envMs = (def: number) => envInt(def, 1, 2 ** 31 - 1);

/** 0 lets the system pick a free port. */
export const envPort = (def: number) => envInt(def, 0, 65_535);

export const envBool = (def: boolean) => z.stringbool({ error: 'must be true or false' }).default(def);

/** One token: no blanks, which copy-paste tends to add around keys and names. */
export const envWord = (max = 255) =>
  z.string().regex(new RegExp(`^\\S{1,${max}}$`), 'must be one word without spaces');

/** A host name or IP address to listen on or connect to, without scheme, port or path. */
export const host = z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'must be a host name or IP address' });

/** An http(s) URL without credentials, query or fragment (they would be lost or leak in logs). */
export const httpUrl = z.string().refine((s) => {
  const u = URL.parse(s);
  return !!u && /^https?:$/.test(u.protocol) && !!u.hostname && !u.username && !u.password && !u.search && !u.hash;
}, 'must be an http:// or https:// URL without credentials, query or fragment');

/** Exactly what a browser sends in `Origin`: scheme://host[:port], no path, no wildcard. */
const origin = z.string().refine((s) => {
  const u = URL.parse(s);
  return !!u && /^https?:$/.test(u.protocol) && u.origin === s;
}, 'must be origins like https://shop.example.com (scheme://host[:port], no path, no wildcard)');

export const envOrigins = (def: string) => z.string().default(def).transform(csv).pipe(z.array(origin));

/** Kafka brokers as host:port. */
const broker = z.string().refine((s) => {
  const at = s.lastIndexOf(':');
  const name = s.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = s.slice(at + 1);
  return at > 0 && host.safeParse(name).success && /^[0-9]{1,5}$/.test(port) && +port >= 1 && +port <= 65_535;
}, 'must be host:port entries separated by commas');

export const envBrokers = z.string().default('').transform(csv).pipe(z.array(broker));

/** A JSON value in one variable, parsed and then checked by `schema`. */
export const envJson = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        // JSON.parse's own message quotes part of the input: never show it.
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
