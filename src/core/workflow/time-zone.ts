import type { CoreDeps } from '../deps.js';

/** A channel's time zone (set with `/teammate timezone`), else the configured default. */
export async function timeZoneOf(deps: CoreDeps, channel: string): Promise<string> {
  return (await deps.stores.directory.channelTimeZone(channel)) ?? deps.settings.defaultTimeZone;
}
