import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/logger.js';

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 5_000;

/**
 * User and channel names, for people the bot names without mentioning them and for the places Slack does not render
 * `<@U…>` and `<#C…>` (headers, modal titles). Cached for ten minutes, one request per id at a time; a failed lookup
 * falls back to the id.
 */
export class SlackNames {
  readonly #cache = new Map<string, { name: Promise<string>; until: number }>();
  readonly #client: WebClient;
  readonly #log: Logger;

  constructor(client: WebClient, log: Logger) {
    this.#client = client;
    this.#log = log;
  }

  #lookup(key: string, fetch: () => Promise<string | undefined>, fallback: string): Promise<string> {
    const cached = this.#cache.get(key);
    if (cached && cached.until > Date.now()) return cached.name;
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    const name = fetch()
      .then((found) => found ?? fallback)
      .catch((error: unknown) => {
        this.#log.warn({ err: error, key }, 'could not resolve a Slack name');
        this.#cache.delete(key);
        return fallback;
      });
    this.#cache.set(key, { name, until: Date.now() + TTL_MS });
    return name;
  }

  user(id: string): Promise<string> {
    return this.#lookup(
      `u:${id}`,
      async () => {
        const { user } = await this.#client.users.info({ user: id });
        return user?.profile?.display_name || user?.real_name || user?.name;
      },
      id,
    );
  }

  channel(id: string): Promise<string> {
    return this.#lookup(
      `c:${id}`,
      async () => (await this.#client.conversations.info({ channel: id })).channel?.name,
      id,
    );
  }
}
