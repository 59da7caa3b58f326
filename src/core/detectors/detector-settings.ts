import { type TChannelSettings, WORKSPACE } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import { isQuiet, parseQuietHours } from '../quiet-hours.js';

/** A threshold a detector reads, settable per channel with `/teammate detector <name> set <key>=<value>`. */
export type TDetectorOption = {
  key: string;
  kind: 'duration' | 'count' | 'ratio';
  default: number;
  help: string;
};

export type TDetectorConfig = { enabled: boolean; values: Record<string, number> };

type TDetectorRef = { name: string; options?: readonly TDetectorOption[] };

/** The workspace's settings row and the channel's: everything a detector's settings come from, read once. */
function rowsOf(deps: CoreDeps, channel: string): Promise<[TChannelSettings, TChannelSettings]> {
  return Promise.all([
    deps.stores.directory.channelSettings(WORKSPACE),
    deps.stores.directory.channelSettings(channel),
  ]);
}

function merge(detector: TDetectorRef, workspace: TChannelSettings, own: TChannelSettings): TDetectorConfig {
  const merged = { ...workspace.detectors[detector.name], ...own.detectors[detector.name] };
  const values: Record<string, number> = {};
  for (const option of detector.options ?? []) {
    const value = merged[option.key];
    values[option.key] = typeof value === 'number' ? value : option.default;
  }
  return { enabled: merged.enabled !== false, values };
}

/** The channel's overrides over the workspace's over the defaults. */
export async function detectorConfig(
  deps: CoreDeps,
  detector: TDetectorRef,
  channel: string,
): Promise<TDetectorConfig> {
  const [workspace, own] = await rowsOf(deps, channel);
  return merge(detector, workspace, own);
}

/**
 * A detector's settings in a channel, and whether the channel's quiet hours (or the workspace's) are on now, in
 * the channel's time zone: detectors wait until they end.
 */
export async function detectorState(
  deps: CoreDeps,
  detector: TDetectorRef,
  channel: string,
  now: Date,
): Promise<{ config: TDetectorConfig; quiet: boolean }> {
  const [workspace, own] = await rowsOf(deps, channel);
  const text = own.quietHours ?? workspace.quietHours;
  const window = text ? parseQuietHours(text) : undefined;
  const timeZone = own.timeZone ?? deps.settings.defaultTimeZone;
  return { config: merge(detector, workspace, own), quiet: window !== undefined && isQuiet(now, window, timeZone) };
}

/** The value of an option, which `detectorConfig` always fills. */
export function option(config: TDetectorConfig, key: string): number {
  const value = config.values[key];
  if (value === undefined) throw new Error(`detector option ${key} is not declared`);
  return value;
}

/** Whether a detector may propose in this channel now: it is enabled there and it is not quiet hours. */
export async function mayPropose(
  deps: CoreDeps,
  detector: TDetectorRef,
  channel: string,
  now: Date,
): Promise<TDetectorConfig | undefined> {
  const { config, quiet } = await detectorState(deps, detector, channel, now);
  return config.enabled && !quiet ? config : undefined;
}
