import { settingsOf, type TEffectiveSettings } from '../channel-settings.js';
import type { CoreDeps, TSettings } from '../deps.js';
import type { TKey } from '../identity.js';
import { isQuiet, parseQuietHours } from '../quiet-hours.js';

/** A threshold a detector reads, settable per channel with `/teammate detector <name> set <key>=<value>`. */
export type TDetectorOption = {
  key: string;
  kind: 'duration' | 'count' | 'ratio';
  /** The value where no channel set one: fixed, or read from the configuration (TEAMMATE_UNANSWERED_AFTER). */
  default: number | ((settings: TSettings) => number);
  help: string;
};

export type TDetectorConfig = { enabled: boolean; values: Record<string, number> };

type TDetectorRef = { name: string; options?: readonly TDetectorOption[] };

export const optionDefault = (option: TDetectorOption, settings: TSettings): number =>
  typeof option.default === 'number' ? option.default : option.default(settings);

/** A detector's settings from a channel's effective settings, each option falling back to its default. */
export function configFrom(
  detector: TDetectorRef,
  settings: Pick<TEffectiveSettings, 'detectors'>,
  base: TSettings,
): TDetectorConfig {
  const merged = settings.detectors[detector.name] ?? {};
  const values: Record<string, number> = {};
  for (const option of detector.options ?? []) {
    const value = merged[option.key];
    values[option.key] = typeof value === 'number' ? value : optionDefault(option, base);
  }
  return { enabled: merged.enabled !== false, values };
}

/**
 * A detector's settings in a channel, whether the channel's quiet hours (or the workspace's) are on now, in the
 * channel's time zone (detectors wait until they end), and the channel's settings they were read from.
 */
export async function detectorState(
  deps: CoreDeps,
  detector: TDetectorRef,
  channel: TKey,
  now: Date,
): Promise<{ config: TDetectorConfig; quiet: boolean; settings: TEffectiveSettings }> {
  const settings = await settingsOf(deps, channel);
  const window = settings.quietHours ? parseQuietHours(settings.quietHours) : undefined;
  return {
    settings,
    config: configFrom(detector, settings, deps.settings),
    quiet: window !== undefined && isQuiet(now, window, settings.timeZone),
  };
}

/** The value of an option, which `configFrom` always fills. */
export function option(config: TDetectorConfig, key: string): number {
  const value = config.values[key];
  if (value === undefined) throw new Error(`detector option ${key} is not declared`);
  return value;
}

/**
 * Whether a detector may propose in this channel now (it is enabled there and it is not quiet hours): its settings
 * and the channel's when it may, undefined when not.
 */
export async function mayPropose(
  deps: CoreDeps,
  detector: TDetectorRef,
  channel: TKey,
  now: Date,
): Promise<{ config: TDetectorConfig; settings: TEffectiveSettings } | undefined> {
  const { config, quiet, settings } = await detectorState(deps, detector, channel, now);
  return config.enabled && !quiet ? { config, settings } : undefined;
}
