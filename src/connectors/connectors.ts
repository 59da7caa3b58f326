import type { TConnectorsConfig } from '../config.js';
import type { Connectors, CrmPort, TrackerPort } from '../core/connector-port.js';
import type { TConnectorTuning } from './connector-http.js';

/** How each tool is turned on for changes, said when a change is asked of one that is only read. */
const READ_ONLY: Record<string, string> = {
  github:
    'GitHub is connected for reading only: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise Server) for Teammate to change issues',
  jira: 'Jira is connected for reading only: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN for Teammate to change issues',
  hubspot: 'HubSpot is connected for reading only: set HUBSPOT_ACCESS_TOKEN for Teammate to create tasks on deals',
};

/** Each tool's HTTP: the bot's clock (for the health /teammate status shows), and short waits in tests. */
export type TConnectorOptions = TConnectorTuning;

/**
 * The connectors the configuration turns on. A tool that is not configured costs nothing: its client (Octokit for
 * GitHub) is not even loaded.
 */
export async function createConnectors(
  config: TConnectorsConfig,
  options: TConnectorOptions = {},
): Promise<Connectors> {
  const trackers = new Map<string, TrackerPort>();
  const crms = new Map<string, CrmPort>();
  if (config.github) {
    const { githubTracker } = await import('./github/github-tracker.js');
    trackers.set('github', githubTracker(config.github, options));
  }
  if (config.jira) {
    const { jiraTracker } = await import('./jira/jira-tracker.js');
    trackers.set('jira', jiraTracker(config.jira, options));
  }
  if (config.hubspot) {
    const { hubspotCrm } = await import('./hubspot/hubspot-crm.js');
    crms.set('hubspot', hubspotCrm(config.hubspot, options));
  }
  const readOnly = new Map(Object.entries(READ_ONLY).filter(([tool]) => !trackers.has(tool) && !crms.has(tool)));
  return { trackers, crms, readOnly };
}
