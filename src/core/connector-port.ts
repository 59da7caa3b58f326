import type { CalendarConnectors } from './calendar-connector.js';
import type { TKey } from './identity.js';

// The tools where a team's work lives (GitHub Issues, Jira, HubSpot), as the core reads and changes them. The
// connectors under src/connectors/ implement these ports with each tool's own API; the core never sees an SDK.

/** A person as a tool names them: a GitHub login, a Jira account id, a HubSpot owner id; with a name to show. */
export type TToolPerson = { id: string; name?: string; email?: string };

/** What a connector last saw of its tool, for /teammate status (per process). */
export type TConnectorHealth = {
  /** The last call the tool answered well. */
  okAt?: Date;
  /** The last call that failed, in words; cleared by the next good one. */
  error?: { at: Date; message: string };
};

type Connector = {
  /** The source name its deliveries arrive under and its records are kept by: `github`, `jira`, `hubspot`. */
  readonly tool: string;
  /** Its name for people: GitHub, Jira, HubSpot. */
  readonly label: string;
  health(): TConnectorHealth;
};

/** A task as the tracker has it right now. */
export type TTrackedTask = { assignees: TToolPerson[]; open: boolean };

/** An issue tracker (GitHub Issues, Jira): tasks are named by the tracker's own ids (`owner/repo#12`, `PROJ-7`). */
export type TrackerPort = Connector & {
  /** The task now; undefined when it was deleted (or moved out of reach). */
  read(task: string): Promise<TTrackedTask | undefined>;
  /** Makes exactly these people the task's assignees (ids as the tracker names them; empty clears). */
  assign(task: string, people: readonly string[]): Promise<void>;
  /** Adds a comment; returns its id. */
  comment(task: string, text: string): Promise<string>;
  /** Deletes a comment; one that is already gone is not an error. */
  removeComment(task: string, comment: string): Promise<void>;
  /** Who last changed the assignees after `since`, when the tracker can say. */
  assignedBy?(task: string, since: Date): Promise<string | undefined>;
  /** A person's e-mail address, when the tracker shares it (to find them in chat). */
  person?(id: string): Promise<TToolPerson | undefined>;
};

/** A deal as the CRM has it. */
export type TDealSnapshot = {
  id: string;
  name: string;
  stage: string;
  owner?: string;
  value?: string;
  url?: string;
  closed: boolean;
  lastActivityAt: Date;
};

/** A task Teammate created in the CRM, as it is now. */
export type TCrmTask = { id: string; modifiedAt: Date; done: boolean; owner?: string };

/** A CRM (HubSpot): its deals, and follow-up tasks on them. */
export type CrmPort = Connector & {
  deal(id: string): Promise<TDealSnapshot | undefined>;
  /** Every open deal, a page at a time. */
  openDeals(): AsyncIterable<TDealSnapshot>;
  createTask(deal: string, task: { subject: string; body: string; owner?: string; dueAt: Date }): Promise<TCrmTask>;
  /** The task now; undefined when it was deleted. */
  readTask(id: string): Promise<TCrmTask | undefined>;
  deleteTask(id: string): Promise<void>;
  person?(id: string): Promise<TToolPerson | undefined>;
};

/** The connectors this process runs, by source name (only the configured ones). */
export type Connectors = {
  trackers: ReadonlyMap<string, TrackerPort>;
  crms: ReadonlyMap<string, CrmPort>;
  /**
   * Sources whose deliveries are read but that Teammate may not change (GitHub with a webhook secret and no
   * token), each with what would turn changes on: an action on them fails with it instead of changing only
   * Teammate's own board.
   */
  readOnly?: ReadonlyMap<string, string>;
  /** The calendars Teammate can read through an API and change (CalDAV, Google, Microsoft 365). */
  calendars?: CalendarConnectors;
  /** Calls the undo webhooks agents name when they report an outcome (signed for the agent). */
  agentUndo?: AgentUndoPort;
};

/** What an agent's undo webhook is sent when someone presses Undo on its entry. */
export type TAgentUndoCall = { agent: string; url: string; id: string; action: string; undoneBy: string; at: Date };
export type AgentUndoPort = { call(call: TAgentUndoCall): Promise<void> };

export const noConnectors: Connectors = { trackers: new Map(), crms: new Map() };

/** Every configured connector, trackers first, then the CRM and the calendars (for /teammate status). */
export function allConnectors(connectors: Connectors): Pick<Connector, 'label' | 'health'>[] {
  return [
    ...connectors.trackers.values(),
    ...connectors.crms.values(),
    ...(connectors.calendars?.connected.values() ?? []),
  ];
}

/** A tool identity linked to a chat person. */
export type TPersonLink = { tool: string; toolId: string; person: TKey; origin: 'chat' | 'email' };

/** Who is who across tools: set by admins in chat, or found by matching e-mail addresses. */
export type PeopleStore = {
  /** The chat person behind a tool identity. */
  person(tool: string, toolId: string): Promise<TKey | undefined>;
  /** The tool identities of a chat person in one tool. */
  identities(person: TKey, tool: string): Promise<string[]>;
  /** Links (or re-links) a tool identity to a person; returns the person it was linked to before. */
  link(link: TPersonLink, by: TKey | 'teammate', at: Date): Promise<TKey | undefined>;
  unlink(tool: string, toolId: string): Promise<boolean>;
  all(): Promise<TPersonLink[]>;
};
