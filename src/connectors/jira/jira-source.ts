import { z } from 'zod';
import type { SourceType, TWire } from '../../core/source-type.js';
import { ZRouting } from '../../sources/webhooks/routing-fields.js';
import { isValidSignature } from '../../sources/webhooks/signature.js';
import { applyTrackerTask, ZTrackerTask } from '../tracker-task.js';

// Jira Cloud's webhook deliveries (https://developer.atlassian.com/cloud/jira/platform/webhooks/): issue and
// comment events become task signals. Only the fields Teammate reads are checked.

const ZPerson = z.object({
  accountId: z.string().min(1).max(200),
  displayName: z.string().max(200).optional(),
  emailAddress: z.string().max(300).optional(),
});
const ZIssue = z.object({
  key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'expected an issue key such as PROJ-12'),
  self: z.url({ protocol: /^https?$/ }).optional(),
  fields: z
    .object({
      summary: z.string().max(1000).optional(),
      /** Present (null: unassigned) on issue events; left out of comment events. */
      assignee: ZPerson.nullish(),
      duedate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullish(),
      labels: z.array(z.string()).optional(),
      status: z.object({ statusCategory: z.object({ key: z.string() }).optional() }).optional(),
    })
    .loose(),
});

const ZJiraBody = ZRouting.extend({
  webhookEvent: z.string().min(1).max(100),
  /** Milliseconds since 1970, as Jira sends them. */
  timestamp: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
  issue: ZIssue.optional(),
});

const ZJiraPayload = z.object({ task: ZTrackerTask });

/** Jira's date-only due date, due at the end of that day (UTC). */
const dueOf = (date: string | null | undefined) =>
  date === undefined ? undefined : date === null ? null : new Date(`${date}T23:59:59Z`);

const wire: TWire = {
  label: 'Jira',
  setup:
    'TEAMMATE_WEBHOOK_SECRET_JIRA (the secret of the Jira webhook; and JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN for Teammate to change issues)',
  signatureHeader: 'X-Hub-Signature',
  verify: async (delivery, secret) => isValidSignature(delivery.body, delivery.header('x-hub-signature'), secret),
  envelope: (_delivery, json) => json,
  // Jira keeps one identifier per delivery across its retries.
  delivery: (delivery) => delivery.header('x-atlassian-webhook-identifier'),
};

const READ = new Set(['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created']);

/** Jira Cloud: `jira:issue_created|updated|deleted` and `comment_created` deliveries. */
export const jiraSource: SourceType<z.infer<typeof ZJiraBody>, z.infer<typeof ZJiraPayload>> = {
  type: 'jira',
  records: 'task',
  wire,
  body: ZJiraBody,
  payload: ZJiraPayload,
  ignored(body) {
    if (!READ.has(body.webhookEvent))
      return `${body.webhookEvent} events are not read (issue created, updated, deleted and comments are)`;
    return body.issue ? undefined : `${body.webhookEvent} without an issue`;
  },
  event(body) {
    const { issue } = body;
    if (!issue) return []; // answered by `ignored` before it gets here
    const { fields } = issue;
    const site = issue.self ? new URL(issue.self).origin : undefined;
    const assignee = fields.assignee;
    const category = fields.status?.statusCategory?.key;
    return {
      key: issue.key,
      ...(body.timestamp ? { at: new Date(body.timestamp) } : {}),
      payload: {
        task: {
          id: issue.key,
          title: fields.summary ?? issue.key,
          ...(site ? { url: `${site}/browse/${issue.key}` } : {}),
          open: category !== 'done',
          ...(assignee === undefined
            ? {}
            : {
                assignees: assignee
                  ? [
                      {
                        id: assignee.accountId,
                        ...(assignee.displayName ? { name: assignee.displayName } : {}),
                        ...(assignee.emailAddress ? { email: assignee.emailAddress } : {}),
                      },
                    ]
                  : [],
              }),
          ...(fields.labels ? { labels: fields.labels } : {}),
          ...('duedate' in fields ? { dueAt: dueOf(fields.duedate) } : {}),
          ...(body.webhookEvent === 'jira:issue_deleted' ? { deleted: true } : {}),
        },
      },
    };
  },
  async record(deps, { source, channel, at, payload }) {
    // A comment event only says the issue is alive: its status and summary, nothing about who or when.
    await applyTrackerTask(deps, { source, channel, at, task: payload.task });
  },
};
