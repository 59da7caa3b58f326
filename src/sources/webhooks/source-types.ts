import { githubSource } from '../../connectors/github/github-source.js';
import { hubspotSource } from '../../connectors/hubspot/hubspot-source.js';
import { jiraSource } from '../../connectors/jira/jira-source.js';
import type { SourceType } from '../../core/source-type.js';
import { dealSource } from './deal-source.js';
import { taskSource } from './task-source.js';

const byType = (types: SourceType[]) => new Map(types.map((s) => [s.type, s]));

/** Teammate's own formats, which any source name may use (TEAMMATE_WEBHOOK_SOURCES=name=type). */
export const ownFormats: ReadonlyMap<string, SourceType> = byType([taskSource, dealSource] as SourceType[]);

/** The tools' own formats, each served under its own name (POST /webhooks/github, /webhooks/jira, /webhooks/hubspot). */
export const toolSources: ReadonlyMap<string, SourceType> = byType([
  githubSource,
  jiraSource,
  hubspotSource,
] as SourceType[]);

/** Every kind of webhook source Teammate reads, by type: what the inbox looks up to process a delivery. */
export const sourceTypes: ReadonlyMap<string, SourceType> = new Map([...ownFormats, ...toolSources]);
