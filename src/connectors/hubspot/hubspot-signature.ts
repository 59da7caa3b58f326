import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot refuses to have its deliveries trusted when their timestamp is older than this (its documented window). */
export const HUBSPOT_WINDOW_MS = 5 * 60_000;

/** The characters HubSpot decodes in the URI before signing (https://developers.hubspot.com/docs/api/webhooks/validating-requests). */
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};
const decodeUri = (uri: string) =>
  uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);

/** `X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URI + body + timestamp with the app's client secret. */
export function signHubSpot(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret)
    .update(`${method}${decodeUri(uri)}${body}${timestamp}`)
    .digest('base64');
}

/** True when one of the URIs the sender may have called, signed with `secret`, gives the header's value in time. */
export function isValidHubSpotSignature(
  input: { method: string; uris: readonly string[]; body: Buffer; signature?: string; timestamp?: string },
  secret: string,
  now: Date,
): boolean {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{10,16}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() - Number(timestamp)) > HUBSPOT_WINDOW_MS) return false;
  const given = Buffer.from(signature.trim());
  const body = input.body.toString('utf8');
  return input.uris.some((uri) => {
    const expected = Buffer.from(signHubSpot(secret, input.method.toUpperCase(), uri, body, timestamp));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
