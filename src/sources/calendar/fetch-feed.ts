import { readFile, stat } from 'node:fs/promises';
import { fetch as undiciFetch } from 'undici';
import { guardedAgent } from './address-guard.js';
import { CalendarError } from './ics-structure.js';

export type TFetchOptions = {
  timeoutMs: number;
  maxBytes: number;
  etag?: string;
  lastModified?: string;
  /** Why a URL (the feed's, or one it redirects to) may not be fetched, or undefined. */
  refuse?(url: URL): Promise<string | undefined>;
  /** Check each address again as the connection is made (feeds from chat without TEAMMATE_CALENDAR_ALLOW_PRIVATE). */
  guardConnect?: boolean;
};
const MAX_REDIRECTS = 3;
export type TFetched =
  | { status: 'not-modified' }
  | { status: 'ok'; text: string; etag?: string; lastModified?: string };

/** Is this a URL (http or https) rather than a local file? */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new CalendarError(`the feed is ${declared} bytes; the limit is ${maxBytes}`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new CalendarError(`the feed is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches a feed with a conditional GET (ETag, Last-Modified), a timeout and a size limit, or reads a local file
 * (only feeds from the configuration may be files). Failures are CalendarErrors in words a person can act on.
 */
export async function fetchFeed(source: string, options: TFetchOptions): Promise<TFetched> {
  if (!isUrl(source)) {
    const size = (await stat(source).catch(() => undefined))?.size;
    if (size === undefined) throw new CalendarError(`there is no file ${source}`);
    if (size > options.maxBytes) throw new CalendarError(`the file is ${size} bytes; the limit is ${options.maxBytes}`);
    return { status: 'ok', text: await readFile(source, 'utf8') };
  }
  const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.5', 'user-agent': 'Teammate' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let url = new URL(source);
  try {
    for (let hop = 0; ; hop++) {
      const refused = await options.refuse?.(url);
      if (refused) throw new CalendarError(refused);
      // Redirects are followed by hand so that each address is checked before it is contacted.
      response = options.guardConnect
        ? ((await undiciFetch(url, {
            headers,
            redirect: 'manual',
            signal,
            dispatcher: guardedAgent,
          })) as unknown as Response)
        : await fetch(url, { headers, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) break;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new CalendarError(`more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url);
    }
  } catch (error) {
    if (error instanceof CalendarError) throw error;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new CalendarError(`no answer within ${Math.round(options.timeoutMs / 1000)} s`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'EPRIVATEADDRESS') {
      throw new CalendarError(`${cause.message}; set TEAMMATE_CALENDAR_ALLOW_PRIVATE=true to allow it`);
    }
    throw new CalendarError(`could not connect (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  if (response.status === 304) return { status: 'not-modified' };
  if (!response.ok) {
    await response.body?.cancel();
    throw new CalendarError(`the server answered ${response.status} ${response.statusText}`.trim());
  }
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type)) {
    await response.body?.cancel();
    throw new CalendarError('the server sent a web page (text/html), not an iCalendar feed; check the URL');
  }
  const text = await readCapped(response, options.maxBytes);
  return {
    status: 'ok',
    text,
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
  };
}
