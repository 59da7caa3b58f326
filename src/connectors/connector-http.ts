import { setTimeout as sleep } from 'node:timers/promises';
import type { TConnectorHealth } from '../core/connector-port.js';
import { AppError, AppErrorCode, type TAppErrorCode } from '../core/errors.js';
import { formatTime } from '../core/present/format.js';

export type TConnectorHttpOptions = {
  /** The tool's name for people (GitHub). */
  label: string;
  /** The variable that holds its token, named when the token is refused. */
  tokenVariable: string;
  fetch?: typeof fetch;
  /** The longest a rate limit is waited out before the call fails with when it resets (default 30 s). */
  maxWaitMs?: number;
  /** Tries per call, the first included (default 3). */
  attempts?: number;
  now?: () => Date;
};

/** What the runtime (and tests) may tune of every connector's HTTP. */
export type TConnectorTuning = Pick<TConnectorHttpOptions, 'fetch' | 'maxWaitMs' | 'now'>;

const RETRYABLE_SERVER = new Set([502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

/** When a rate-limited answer says the limit lifts, in ms from now; undefined when it does not say. */
function rateLimitWait(response: Response, now: Date): number | undefined {
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  // GitHub's primary limit: x-ratelimit-remaining 0 and the reset time in epoch seconds.
  if (response.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now.getTime());
  }
  return undefined;
}

/** A 429, or GitHub's 403 that is a primary or secondary rate limit rather than a missing permission. */
function isRateLimited(response: Response, body: string): boolean {
  if (response.status === 429) return true;
  if (response.status !== 403) return false;
  return (
    response.headers.get('x-ratelimit-remaining') === '0' ||
    response.headers.has('retry-after') ||
    /rate limit/i.test(body)
  );
}

/**
 * One tool's HTTP: every call goes through `fetch` here, which waits out rate limits (Retry-After, GitHub's
 * x-ratelimit-reset) up to a bound and retries a server's 502/503/504 on idempotent calls (never a POST, which
 * might have taken effect), and which keeps the connector's health for /teammate status. `failure` turns an
 * answer that is still bad into an error that says what happened in the team's words.
 */
export class ConnectorHttp {
  readonly label: string;
  private readonly options: Required<Omit<TConnectorHttpOptions, 'label'>>;
  private state: TConnectorHealth = {};

  constructor(options: TConnectorHttpOptions) {
    this.label = options.label;
    this.options = {
      tokenVariable: options.tokenVariable,
      fetch: options.fetch ?? globalThis.fetch,
      maxWaitMs: options.maxWaitMs ?? 30_000,
      attempts: options.attempts ?? 3,
      now: options.now ?? (() => new Date()),
    };
  }

  health(): TConnectorHealth {
    return { ...this.state };
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.options.fetch(input, init);
      } catch (error) {
        if (attempt < this.options.attempts && IDEMPOTENT.has(method)) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
        throw this.failed(`${this.label} could not be reached${reason ? ` (${reason})` : ''}`, error);
      }
      if (response.ok) {
        this.state = { ...this.state, okAt: this.options.now() };
        return response;
      }
      if (attempt >= this.options.attempts) return response;
      if (response.status === 429 || response.status === 403) {
        const body = await response.clone().text();
        if (!isRateLimited(response, body)) return response;
        const wait = rateLimitWait(response, this.options.now()) ?? 1000 * attempt;
        if (wait > this.options.maxWaitMs) return response;
        await sleep(wait);
        continue;
      }
      if (RETRYABLE_SERVER.has(response.status) && IDEMPOTENT.has(method)) {
        await sleep(500 * attempt);
        continue;
      }
      return response;
    }
  };

  /**
   * The error for an answer that is still bad after the retries: what happened, in words, with the status, and
   * what would fix it. `what` names the thing the call was about ("owner/repo#12").
   */
  async failure(response: Pick<Response, 'status' | 'headers'> & { text?(): Promise<string> }, what: string) {
    const body = (await response.text?.().catch(() => '')) ?? '';
    const { label } = this;
    const { tokenVariable } = this.options;
    const status = response.status;
    // The tool's own words, where its error body has them (GitHub, Google and Graph: "message"; Jira: "errorMessages").
    const detail =
      /"message"\s*:\s*"([^"]{1,200})"/.exec(body)?.[1] ?? /"errorMessages"\s*:\s*\["([^"]{1,200})"/.exec(body)?.[1];
    let message: string;
    if (status === 401) {
      message = `${label} refused the token (401): it is wrong, expired or revoked; set a new ${tokenVariable}`;
    } else if (isRateLimited(response as Response, body)) {
      const wait = rateLimitWait(response as Response, this.options.now());
      const until =
        wait === undefined ? '' : `; it lifts at ${formatTime(new Date(this.options.now().getTime() + wait), 'UTC')}`;
      message = `${label} is rate-limiting Teammate (${status})${until}`;
    } else if (status === 403) {
      message = `${label} refused (403): the token may not change ${what}; give it write access to it${detail ? ` (${label} says: ${detail})` : ''}`;
    } else if (status === 404 || status === 410) {
      message = `${label} cannot find ${what} (${status}): it was deleted or moved, or the token cannot see it (a private repository or project needs the token's access)`;
    } else if (status >= 500) {
      message = `${label} is failing (${status}); try again later`;
    } else {
      message = `${label} refused the change to ${what} (${status})${detail ? `: ${detail}` : ''}`;
    }
    // A refused token or a missing permission will not pass by itself: the credentials must change.
    const credentials = status === 401 || (status === 403 && !isRateLimited(response as Response, body));
    return this.failed(message, undefined, credentials ? AppErrorCode.config : AppErrorCode.connector);
  }

  /** An error in words that also becomes the connector's health (what /teammate status shows). */
  failed(message: string, cause?: unknown, code: TAppErrorCode = AppErrorCode.connector): AppError {
    this.state = { ...this.state, error: { at: this.options.now(), message } };
    return new AppError(code, { message, cause });
  }
}
