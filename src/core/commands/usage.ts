import { bold, code, doc, list, quoted, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';

/** One usage line per subcommand; wrong or missing arguments are answered with the line for that subcommand. */
export const usage = {
  help: '/teammate help [command]',
  'policy list': '/teammate policy list',
  'policy set':
    '/teammate policy set <kind|*> <auto|approve|deny> [in #channel] [approvers=admins,@user,group:name] [needs=N] ' +
    '[self-approval=yes|no] [expires=24h] [on-expiry=deny|escalate] [quiet=22:00-08:00|off] [cap=N|off] [notify=all|external|none]',
  'policy reset': '/teammate policy reset <kind|*|all> [in #channel]',
  'policy export': '/teammate policy export [yaml|json]',
  'policy import': '/teammate policy import <the YAML or JSON of an exported policy file>',
  'policy history': '/teammate policy history [count]',
  why: '/teammate why <action id, e.g. A-42>',
  undo: '/teammate undo <action id, e.g. A-42>',
  approve: '/teammate approve <action id, e.g. A-42>',
  reject: '/teammate reject <action id, e.g. A-42> [reason]',
  status: '/teammate status',
  inbox: '/teammate inbox [retry <delivery id> … | retry all]',
  admins: '/teammate admins list | grant @user | revoke @user',
  group: '/teammate group list | set <name> @user [@user…] | remove <name>',
  timezone: '/teammate timezone [Area/City, e.g. Europe/Berlin]',
  people: '/teammate people list | link @user <tool>:<id> [<tool>:<id>…] | unlink <tool>:<id>',
  calendar: '/teammate calendar add <ics-url|caldav:…|google:…|m365:…> [#channel] | list | remove <number>',
  roundup: '/teammate roundup [schedule "fri 16:00" | now | off] [in #channel]',
  mode: '/teammate mode [shadow|live] [in #channel | workspace]',
  report: '/teammate report [in #channel | workspace]',
  detectors: '/teammate detectors [in #channel | workspace]',
  detector: '/teammate detector <name> on|off|set <option>=<value>… [in #channel | workspace]',
  quiet: '/teammate quiet [20:00-08:00|off] [in #channel | workspace]',
  lead: '/teammate lead [@user|off] [in #channel | workspace]',
  agent: '/teammate agent list | add <name> [#channel] | revoke <name>',
} as const;
export type TUsageKey = keyof typeof usage;

const summaries: Record<TUsageKey, string> = {
  help: 'this list, or the details of one command',
  'policy list': 'the policy table: who decides what, where',
  'policy set': 'add or change a row of the policy table (admins)',
  'policy reset': 'remove a row, or every row, of the policy table (admins)',
  'policy export': 'the policy table as a file to keep in git',
  'policy import': 'replace the policy table with a file (admins)',
  'policy history': 'who changed the policy, when, from what to what',
  why: 'why I did (or want to do) an action',
  undo: 'reverse an action',
  approve: 'approve a pending action (same as the button)',
  reject: 'reject a pending action (same as the button)',
  status: 'pending approvals, recent actions, approval rates',
  inbox: 'deliveries I gave up on, with the reason; retry them once the cause is fixed (retrying: admins)',
  admins: 'who may change policies (admins)',
  group: 'named groups of approvers (admins)',
  timezone: "this channel's time zone for quiet hours and caps",
  people: 'who is who in GitHub, Jira and HubSpot (github:login, jira:account id, hubspot:owner id; linking: admins)',
  calendar: 'calendar feeds I watch for a channel (adding and removing: admins)',
  roundup: "the channel's weekly roundup: when it is, or one now (scheduling and switching it off: admins)",
  mode: 'shadow mode records what I would do without doing it; live acts (admins)',
  report: 'what I would have done this week in shadow mode',
  detectors: 'what I watch for, and the thresholds, for a channel',
  detector: 'switch a detector on or off, or change a threshold (admins)',
  quiet: 'hours when detectors stay silent (admins)',
  lead: 'who hears about team-level concerns such as an overloaded teammate (admins)',
  agent:
    'AI agents that ask the team through MCP before risky steps; add shows the token once (adding, revoking: admins)',
};

const line = (k: TUsageKey) => rich`${code(usage[k])} — ${summaries[k]}`;

/**
 * `help`: every command; `help policy set` (or `help set`): one; `help policy`: the commands that start with it. A
 * topic that names no command says so before the list.
 */
export function helpText(topic?: string): TDoc {
  const keys = Object.keys(usage) as TUsageKey[];
  const wanted = topic?.trim().toLowerCase().replace(/\s+/g, ' ');
  const key = keys.find((k) => k === wanted || k === `policy ${wanted}`);
  if (key) return doc([code(usage[key])], rich`${summaries[key]}`);
  const group = wanted ? keys.filter((k) => k.startsWith(`${wanted} `)) : [];
  if (group.length > 0) return doc([bold(`Teammate ${wanted} commands`)], list(group.map(line)));
  return doc(
    ...(wanted ? [rich`There is no command ${quoted(wanted, 40)}; these are the ones there are.`] : []),
    [bold('Teammate commands')],
    list(keys.map(line)),
  );
}
