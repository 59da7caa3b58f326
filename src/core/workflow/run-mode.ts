import { type TRunMode, WORKSPACE } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';

/** Shadow or live: the channel's own mode, else the workspace's, else live. */
export async function runModeOf(deps: CoreDeps, channel: string): Promise<TRunMode> {
  const own = await deps.stores.directory.channelSettings(channel);
  if (own.mode) return own.mode;
  return (await deps.stores.directory.channelSettings(WORKSPACE)).mode ?? 'live';
}
