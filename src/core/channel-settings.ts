import { z } from 'zod';

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
  lead?: string;
  detectors: TDetectorOverrides;
};
/** A change: a field set to null is cleared. */
export type TChannelSettingsPatch = {
  [K in Exclude<keyof TChannelSettings, 'detectors'>]?: TChannelSettings[K] | null;
} & { detectors?: TDetectorOverrides };
