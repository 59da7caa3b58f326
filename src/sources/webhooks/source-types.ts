import type { SourceType } from '../../core/source-type.js';
import { dealSource } from './deal-source.js';
import { taskSource } from './task-source.js';

/** Every kind of webhook source Teammate reads, by the name TEAMMATE_WEBHOOK_SOURCES gives it. */
export const sourceTypes: ReadonlyMap<string, SourceType> = new Map(
  ([taskSource, dealSource] as SourceType[]).map((s) => [s.type, s]),
);
