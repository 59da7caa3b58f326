import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import { signHubSpot } from '../../src/connectors/hubspot/hubspot-signature.js';
import { signBody } from '../../src/sources/webhooks/signature.js';

// Deliveries as the tools send them. GitHub's are GitHub's own recorded payloads (@octokit/webhooks-examples,
// api.github.com/index.json) with the repository and issue a test needs; Jira's and HubSpot's follow the examples
// in their documentation (named beside each builder).

const require = createRequire(import.meta.url);
type TExamples = { name: string; examples: Record<string, unknown>[] }[];
const examples = require('@octokit/webhooks-examples') as TExamples;

/** Every recorded GitHub payload of this event, deep-copied. */
export function githubExamples(event: string): Record<string, unknown>[] {
  return (examples.find((e) => e.name === event)?.examples ?? []).map((x) => structuredClone(x));
}

/** A recorded GitHub payload of this event (and action), deep-copied. */
export function githubExample(event: string, action?: string): Record<string, unknown> {
  const found = examples
    .find((e) => e.name === event)
    ?.examples.find((x) => action === undefined || x.action === action);
  if (!found) throw new Error(`no recorded ${event}${action ? `.${action}` : ''} payload`);
  return structuredClone(found);
}

/**
 * A recorded `issues` payload about `owner/repo#number`, with its title, assignees and milestone due date (the
 * package records no `closed` action: the `edited` recording stands in, with the action named).
 */
export function githubIssueEvent(
  action: string,
  issue: { repo: string; number: number; title: string; assignees: string[]; due?: string | null; state?: string },
): Record<string, unknown> {
  const recorded = githubExamples('issues').some((x) => x.action === action) ? action : 'edited';
  const payload = { ...githubExample('issues', recorded), action } as unknown as {
    issue: Record<string, unknown> & { milestone?: Record<string, unknown> | null; assignee?: unknown };
    repository: Record<string, unknown>;
  };
  const template = (payload.issue.user ?? {}) as Record<string, unknown>;
  const user = (login: string) => ({ ...template, login });
  const milestone = payload.issue.milestone ?? githubExample('issues', 'milestoned').issue;
  payload.repository.full_name = issue.repo;
  payload.issue = {
    ...payload.issue,
    number: issue.number,
    title: issue.title,
    state: issue.state ?? 'open',
    html_url: `https://github.com/${issue.repo}/issues/${issue.number}`,
    assignees: issue.assignees.map(user),
    assignee: issue.assignees[0] ? user(issue.assignees[0]) : null,
    milestone:
      issue.due === undefined
        ? null
        : { ...(milestone as Record<string, unknown>), number: 1, title: 'v1.0', due_on: issue.due },
  };
  return payload;
}

/** POSTs a GitHub delivery as GitHub does: event and delivery headers, X-Hub-Signature-256 over the raw body. */
export async function postGitHub(
  url: string,
  event: string,
  payload: unknown,
  secret: string,
  delivery: string,
  signature?: string,
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${url}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/abc123',
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature ?? (await sign(secret, body)),
    },
    body,
  });
}

/**
 * A Jira Cloud issue event, as in Atlassian's webhook documentation ("Example callback for an issue-related event",
 * https://developer.atlassian.com/cloud/jira/platform/webhooks/): webhookEvent, timestamp, user, issue with its
 * fields, changelog.
 */
export function jiraIssueEvent(
  event: 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted' | 'comment_created',
  issue: {
    key: string;
    summary: string;
    assignee?: { accountId: string; displayName: string; emailAddress?: string } | null;
    due?: string | null;
    category?: 'new' | 'indeterminate' | 'done';
  },
  site = 'https://acme.atlassian.net',
): Record<string, unknown> {
  const category = issue.category ?? 'indeterminate';
  const fields: Record<string, unknown> = {
    summary: issue.summary,
    issuetype: { id: '10001', name: 'Task', subtask: false },
    project: { id: '10000', key: issue.key.split('-')[0], name: 'Platform' },
    status: {
      name: category === 'done' ? 'Done' : category === 'new' ? 'To Do' : 'In Progress',
      statusCategory: { id: category === 'done' ? 3 : category === 'new' ? 2 : 4, key: category, colorName: 'yellow' },
    },
    labels: [],
  };
  // Issue events carry every field; comment events a few (summary, status, type, project).
  if (event !== 'comment_created') {
    fields.assignee = issue.assignee === undefined ? null : issue.assignee;
    fields.duedate = issue.due ?? null;
  }
  return {
    timestamp: 1764500000000,
    webhookEvent: event,
    ...(event === 'jira:issue_updated' ? { issue_event_type_name: 'issue_generic' } : {}),
    user: {
      self: `${site}/rest/api/2/user?accountId=99`,
      accountId: '99',
      displayName: 'Jira Automation',
      active: true,
    },
    issue: { id: '10042', self: `${site}/rest/api/2/issue/10042`, key: issue.key, fields },
    ...(event === 'comment_created'
      ? { comment: { id: '10100', body: 'looking into it', author: { accountId: '99', displayName: 'Ana' } } }
      : { changelog: { id: '10200', items: [] } }),
  };
}

/** POSTs a Jira delivery as Jira does with a secret: X-Hub-Signature sha256=… and X-Atlassian-Webhook-Identifier. */
export function postJira(url: string, payload: unknown, secret: string, delivery: string, signature?: string) {
  const body = JSON.stringify(payload);
  return fetch(`${url}/webhooks/jira`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-atlassian-webhook-identifier': delivery,
      'x-hub-signature': signature ?? signBody(body, secret),
    },
    body,
  });
}

/**
 * HubSpot events as its webhook documentation shows them (https://developers.hubspot.com/docs/api/webhooks, the
 * example payload): an array, each event with eventId, subscriptionId, portalId, appId, occurredAt,
 * subscriptionType, attemptNumber, objectId, changeSource, and propertyName/propertyValue for property changes.
 */
export function hubspotEvents(
  events: { eventId: number; dealId: number; type: string; property?: string; value?: string; at: Date }[],
): Record<string, unknown>[] {
  return events.map((e) => ({
    eventId: e.eventId,
    subscriptionId: 4000,
    portalId: 62515,
    appId: 1160452,
    occurredAt: e.at.getTime(),
    subscriptionType: e.type,
    attemptNumber: 0,
    objectId: e.dealId,
    changeSource: 'CRM',
    ...(e.property ? { propertyName: e.property, propertyValue: e.value ?? '' } : {}),
  }));
}

/** POSTs a HubSpot batch signed with v3: method + URI + body + timestamp, HMAC-SHA256, base64. */
export function postHubSpot(
  url: string,
  events: unknown,
  secret: string,
  options: { timestamp?: number; signature?: string } = {},
) {
  const body = JSON.stringify(events);
  const timestamp = String(options.timestamp ?? Date.now());
  const uri = `${url}/webhooks/hubspot`;
  return fetch(uri, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-request-timestamp': timestamp,
      'x-hubspot-signature-v3': options.signature ?? signHubSpot(secret, 'POST', uri, body, timestamp),
    },
    body,
  });
}
