import { WORKSPACE } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { isQuiet, parseQuietHours } from '../quiet-hours.js';
import { timeZoneOf } from '../workflow/time-zone.js';

/** A threshold a detector reads, settable per channel with `/teammate detector <name> set <key>=<value>`. */
export type TDetectorOption = {
  key: string;
  kind: 'duration' | 'count' | 'ratio';
  default: number;
  help: string;
};

export type TDetectorConfig = { enabled: boolean; values: Record<string, number> };

/** The channel's overrides over the workspace's over the defaults. */
export async function detectorConfig(
  deps: CoreDeps,
  detector: { name: string; options?: readonly TDetectorOption[] },
  channel: string,
): Promise<TDetectorConfig> {
  const [workspace, own] = await Promise.all([
    deps.stores.directory.channelSettings(WORKSPACE),
    deps.stores.directory.channelSettings(channel),
  ]);
  const merged = { ...workspace.detectors[detector.name], ...own.detectors[detector.name] };
  const values: Record<string, number> = {};
  for (const option of detector.options ?? []) {
    const value = merged[option.key];
    values[option.key] = typeof value === 'number' ? value : option.default;
  }
  return { enabled: merged.enabled !== false, values };
}

/** The value of an option, which `detectorConfig` always fills. */
export function option(config: TDetectorConfig, key: string): number {
  const value = config.values[key];
  if (value === undefined) throw new Error(`detector option ${key} is not declared`);
  return value;
}

/** True while the channel's quiet hours (or the workspace's) are on: detectors wait until they end. */
export async function inQuietHours(deps: CoreDeps, channel: string, now: Date): Promise<boolean> {
  const [workspace, own] = await Promise.all([
    deps.stores.directory.channelSettings(WORKSPACE),
    deps.stores.directory.channelSettings(channel),
  ]);
  const text = own.quietHours ?? workspace.quietHours;
  const window = text ? parseQuietHours(text) : undefined;
  return window !== undefined && isQuiet(now, window, await timeZoneOf(deps, channel));
}

/** Whether a detector may propose in this channel now: it is enabled there and it is not quiet hours. */
export async function mayPropose(
  deps: CoreDeps,
  detector: { name: string; options?: readonly TDetectorOption[] },
  channel: string,
  now: Date,
): Promise<TDetectorConfig | undefined> {
  const config = await detectorConfig(deps, detector, channel);
  if (!config.enabled || (await inQuietHours(deps, channel, now))) return undefined;
  return config;
}
