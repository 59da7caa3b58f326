import { ConfigError, sourceVariable, type TConfig } from './config.js';
import { isKey, platformOf, type TKey, type TPlatform, toKey } from './core/identity.js';

/**
 * Where ids written without a platform belong, and where sources deliver. Bare ids (`U123`, `general`, as people
 * wrote configuration before platforms had keys) are read on the one chat platform this process is configured
 * for; the local chat counts only when no other platform runs.
 */
export type TRouting = {
  /** Every chat platform this process runs. */
  platforms: readonly TPlatform[];
  admins: readonly TKey[];
  defaultChannel?: TKey;
  /** Source name → the channel its deliveries go to when they do not say. */
  sourceChannels: ReadonlyMap<string, TKey>;
  calendars: readonly { source: string; channel: TKey }[];
  /** Things the operator should know (a bare admin read on one of several platforms). */
  warnings: readonly string[];
  /** A channel as a delivery names it, as a key; a reason (for a 400) when it cannot be placed. */
  channel(reference: string, platform?: TPlatform): { channel: TKey } | { error: string };
};

/** The chat platforms a configuration asks for, in order; the local chat when it is used or nothing else is. */
export function configuredPlatforms(config: TConfig, localChat: boolean): TPlatform[] {
  const external: TPlatform[] = [...(config.slack ? ['slack'] : []), ...(config.teams ? ['teams'] : [])];
  return external.length === 0 || localChat ? [...external, 'local'] : external;
}

export function resolveRouting(config: TConfig, platforms: readonly TPlatform[]): TRouting {
  const external = platforms.filter((p) => p !== 'local');
  const home = external.length > 0 ? external : platforms;
  const warnings: string[] = [];

  const place = (reference: string, platform?: TPlatform): { channel: TKey } | { error: string } => {
    const id = reference.trim().replace(/^#/, '');
    if (isKey(id)) {
      return platforms.includes(platformOf(id))
        ? { channel: id }
        : { error: `${id} is on ${platformOf(id)}, which is not running here (running: ${platforms.join(', ')})` };
    }
    const on = platform ?? (home.length === 1 ? home[0] : undefined);
    if (!on)
      return {
        error: `"${reference}" names no platform and several run here (${home.join(', ')}); write it as a key, such as ${home[0]}:${id}`,
      };
    return platforms.includes(on) ? { channel: toKey(on, id) } : { error: `${on} is not running here` };
  };
  const target = (reference: string, variable: string): TKey => {
    const placed = place(reference);
    if ('error' in placed) throw new ConfigError(`invalid configuration: ${variable}: ${placed.error}`);
    return placed.channel;
  };

  const admins = config.admins.map((admin) => {
    if (isKey(admin)) return admin;
    const on = home[0] ?? 'local';
    if (home.length > 1)
      warnings.push(`TEAMMATE_ADMINS: "${admin}" names no platform; read as ${on}:${admin} (write it as a key)`);
    return toKey(on, admin);
  });
  if (admins.length === 0 && external.length > 0)
    warnings.push(
      `TEAMMATE_ADMINS is empty: nobody can approve actions or change policy; set it to user ids (${external.map((p) => `${p}:…`).join(', ')})`,
    );
  const defaultChannel = config.webhooks.defaultChannel
    ? target(config.webhooks.defaultChannel, 'TEAMMATE_DEFAULT_CHANNEL')
    : undefined;
  const sourceChannels = new Map(
    [...config.webhooks.channels].map(([source, channel]) => [
      source,
      target(channel, sourceVariable('CHANNEL', source)),
    ]),
  );
  const calendars = config.calendars.feeds.map((feed) => {
    if (feed.channel) return { source: feed.source, channel: target(feed.channel, 'TEAMMATE_CALENDARS') };
    // A feed without a channel goes to the default channel, and in the local chat alone to #general.
    if (defaultChannel) return { source: feed.source, channel: defaultChannel };
    if (home.length === 1 && home[0] === 'local') return { source: feed.source, channel: toKey('local', 'general') };
    throw new ConfigError(
      `invalid configuration: TEAMMATE_CALENDARS: say which channel ${feed.source} goes to ("<feed> #channel"), or set TEAMMATE_DEFAULT_CHANNEL`,
    );
  });
  return { platforms, admins, defaultChannel, sourceChannels, calendars, warnings, channel: place };
}
