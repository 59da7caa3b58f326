import { z } from 'zod';
import { AppError, AppErrorCode } from './errors.js';

// Who and where, on any platform. A key carries its platform: `slack:U123`, `teams:29:1abc…`, `local:alice` for
// people; `slack:C123`, `teams:19:abc@thread.tacv2`, `local:general` for conversations. The part after the first
// colon is the platform's own id, which only its adapter reads; the core compares and stores keys whole.

/** Names that mean something else where keys are read (policy approvers, ledger actors), so no platform has them. */
const RESERVED = new Set(['admins', 'group', 'channel', 'workspace', 'detector', 'llm', 'agent']);

/** A chat platform's name: slack, teams, local, or whatever an adapter calls itself. */
export const ZPlatform = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a platform name such as slack')
  .refine((name) => !RESERVED.has(name), 'that name is reserved');
export type TPlatform = z.infer<typeof ZPlatform>;

/** A person or a conversation on a platform: `<platform>:<the platform's id>`. */
export const ZKey = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[a-z][a-z0-9-]{0,30}:\S/, 'expected a platform and an id, such as slack:U123 or local:general');
export type TKey = z.infer<typeof ZKey>;

export function toKey(platform: TPlatform, id: string): TKey {
  return `${platform}:${id}`;
}

export function platformOf(key: TKey): TPlatform {
  const colon = key.indexOf(':');
  return colon > 0 ? key.slice(0, colon) : '';
}

/** The platform's own id inside a key (what only that platform's adapter uses). */
export function nativeId(key: TKey): string {
  return key.slice(key.indexOf(':') + 1);
}

/**
 * The platform's own id inside a key its adapter was handed: a key of another platform is refused with a chat error
 * (`refusal` says what it is not, as the adapter words it), so it is never sent on to the wrong platform.
 */
export function ownId(key: TKey, platform: TPlatform, refusal: string): string {
  if (platformOf(key) !== platform) throw new AppError(AppErrorCode.chat, { message: `${key} ${refusal}` });
  return nativeId(key);
}

export function isKey(text: string): boolean {
  return ZKey.safeParse(text).success && !RESERVED.has(platformOf(text));
}

/**
 * A reference as people or configuration write it, made a key: `slack:C123` stays as it is, a bare `C123` is read on
 * `platform` (the one the reference was written on, or the only one configured).
 */
export function qualify(reference: string, platform: TPlatform): TKey {
  return isKey(reference) ? reference : toKey(platform, reference);
}
