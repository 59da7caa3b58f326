const LONE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const LONE_SURROGATE = new RegExp(LONE);
const LONE_SURROGATES = new RegExp(LONE, 'g');

/**
 * Text as both databases can keep it: PostgreSQL refuses the NUL character in text, and Prisma refuses a lone
 * UTF-16 surrogate (half of an emoji, cut by a sender). NUL is removed and a lone surrogate becomes U+FFFD, the
 * replacement character; everything else is kept as it was. Applied where text enters the core (signals,
 * commands, clicks), so one poisoned string can never fail a write that others share.
 */
export function storableText(text: string): string {
  const kept = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return LONE_SURROGATE.test(kept) ? kept.replace(LONE_SURROGATES, '\ufffd') : kept;
}

/** Every string in a JSON-like value made storable (objects and arrays copied, other values kept). */
export function storable<T>(value: T): T {
  return deep(value, 0) as T;
}

function deep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => deep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), deep(item, depth + 1)]));
}
