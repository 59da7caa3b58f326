import { z } from 'zod';
import type { CoreDeps } from './deps.js';
import type { TKey } from './identity.js';

/** The row of workspace-wide defaults in the channel settings table. */
export const WORKSPACE = '*';

export const ZRunMode = z.enum(['shadow', 'live']);
export type TRunMode = z.infer<typeof ZRunMode>;

/** Per-detector overrides: `{ "quiet-thread": { "enabled": false, "after": 172800000 } }`. */
export const ZDetectorOverrides = z.record(z.string(), z.record(z.string(), z.union([z.number(), z.boolean()])));
export type TDetectorOverrides = z.infer<typeof ZDetectorOverrides>;

/** What can be set for one channel (or, under WORKSPACE, for all of them). */
export type TChannelSettings = {
  timeZone?: string;
  mode?: TRunMode;
  /** When detectors stay silent, e.g. "20:00-08:00" in the channel's time zone. */
  quietHours?: string;
  /** Who hears about team-level concerns (an overloaded teammate); the admins when unset. */
  lead?: TKey;
  detectors: TDetectorOverrides;
};
/** A change: a field set to null is cleared. */
export type TChannelSettingsPatch = {
  [K in Exclude<keyof TChannelSettings, 'detectors'>]?: TChannelSettings[K] | null;
} & { detectors?: TDetectorOverrides };

/** What applies in a channel: its own row over the workspace's over the defaults, and the two rows as they are. */
export type TEffectiveSettings = {
  timeZone: string;
  mode: TRunMode;
  quietHours?: string;
  lead?: TKey;
  /** Per detector, the workspace's overrides with the channel's on top. */
  detectors: TDetectorOverrides;
  own: TChannelSettings;
  workspace: TChannelSettings;
};

/**
 * The one place a channel's settings are resolved (time zone, shadow or live, quiet hours, lead, detector
 * overrides): read once, both rows together. For WORKSPACE, the workspace's own row over the defaults.
 */
export async function settingsOf(
  deps: Pick<CoreDeps, 'stores' | 'settings'>,
  channel: TKey | typeof WORKSPACE,
): Promise<TEffectiveSettings> {
  const { directory } = deps.stores;
  const [workspace, channelRow] = await Promise.all([
    directory.channelSettings(WORKSPACE),
    channel === WORKSPACE ? undefined : directory.channelSettings(channel),
  ]);
  const own = channelRow ?? workspace;
  const detectors: TDetectorOverrides = { ...workspace.detectors };
  for (const [name, values] of Object.entries(channelRow?.detectors ?? {})) {
    detectors[name] = { ...detectors[name], ...values };
  }
  return {
    timeZone: own.timeZone ?? workspace.timeZone ?? deps.settings.defaultTimeZone,
    mode: own.mode ?? workspace.mode ?? 'live',
    quietHours: own.quietHours ?? workspace.quietHours,
    lead: own.lead ?? workspace.lead,
    detectors,
    own,
    workspace,
  };
}
