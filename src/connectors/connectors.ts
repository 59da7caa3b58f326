import type { TConnectorsConfig } from '../config.js';
import type { CalendarConnector, CalendarConnectors, TCalendarKind } from '../core/calendar-connector.js';
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
  return { trackers, crms, readOnly, calendars: await createCalendarConnectors(config, options) };
}

/** How each kind of calendar is connected, said when one is named that this process has no credentials for. */
const CALENDAR_SETTINGS: Record<Exclude<TCalendarKind, 'ics'>, string> = {
  caldav:
    'CalDAV calendars are not connected: set CALDAV_URL, CALDAV_USERNAME and CALDAV_PASSWORD (or CALDAV_PASSWORD_FILE)',
  google:
    'Google calendars are not connected: set GOOGLE_CALENDAR_CREDENTIALS to a service account key (with GOOGLE_CALENDAR_SUBJECT) or an authorized user file',
  m365: 'Microsoft 365 calendars are not connected: set MS365_TENANT_ID, MS365_CLIENT_ID and MS365_CLIENT_SECRET',
};

/** The calendar connectors the configuration turns on; the others say what would. */
async function createCalendarConnectors(
  config: TConnectorsConfig,
  options: TConnectorOptions,
): Promise<CalendarConnectors> {
  const connected = new Map<TCalendarKind, CalendarConnector>();
  if (config.caldav) {
    const { caldavCalendar } = await import('./caldav/caldav-calendar.js');
    connected.set('caldav', caldavCalendar(config.caldav, options));
  }
  if (config.google) {
    const { googleCalendar } = await import('./google/google-calendar.js');
    connected.set('google', googleCalendar(config.google, options));
  }
  if (config.m365) {
    const { graphCalendar } = await import('./m365/graph-calendar.js');
    connected.set('m365', graphCalendar(config.m365, options));
  }
  const missing = new Map(
    Object.entries(CALENDAR_SETTINGS).filter(([kind]) => !connected.has(kind as TCalendarKind)) as [
      TCalendarKind,
      string,
    ][],
  );
  return { connected, missing };
}
