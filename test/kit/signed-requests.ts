import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret';

/** Slack's request signature: v0= + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export type TSignOptions = {
  secret?: string;
  timestamp?: number;
  retryNum?: number;
  tamper?: (body: string) => string;
  signature?: string;
};

/** Sends a request as Slack does: the raw body signed, the timestamp in seconds, retries numbered. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: TSignOptions = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signature(body, timestamp, options.secret),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body: options.tamper ? options.tamper(body) : body });
}

/** The three kinds of Slack request an app receives, on one URL. */
export function slackClient(eventsUrl: string) {
  return {
    event: (envelope: unknown, options?: TSignOptions) =>
      postSigned(eventsUrl, JSON.stringify(envelope), 'application/json', options),
    command: (fields: Record<string, string>, options?: TSignOptions) =>
      postSigned(eventsUrl, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options),
    interaction: (payload: unknown, options?: TSignOptions) =>
      postSigned(
        eventsUrl,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
        options,
      ),
  };
}
