import { verify } from '@octokit/webhooks-methods';
import { z } from 'zod';
import type { SourceType, TSourceEvent, TWire } from '../../core/source-type.js';
import { ZRouting } from '../../sources/webhooks/routing-fields.js';
import { applyTrackerTask, ZTrackerTask } from '../tracker-task.js';

// GitHub's own webhook deliveries (https://docs.github.com/webhooks/webhook-events-and-payloads): the issue events
// become task signals. Only the fields Teammate reads are checked; the rest of GitHub's payload passes unread.

const ZUser = z.object({ login: z.string().min(1).max(100) });
/** GitHub's timestamps (`2026-11-24T17:00:00Z`); anything else is refused at the edge, never stored as a bad date. */
const ZTime = z.iso.datetime({ offset: true });
const ZMilestone = z.object({
  number: z.number().int(),
  title: z.string(),
  due_on: ZTime.nullable(),
});
const ZRepository = z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) });
const ZIssue = z.object({
  number: z.number().int().positive(),
  title: z.string().max(1000),
  state: z.string().optional(),
  html_url: z.url({ protocol: /^https?$/ }),
  updated_at: ZTime,
  assignees: z.array(ZUser).nullish(),
  assignee: ZUser.nullish(),
  labels: z.array(z.union([z.object({ name: z.string() }), z.string()])).optional(),
  milestone: ZMilestone.nullish(),
  /** Present on pull requests, which GitHub also calls issues in comment events. */
  pull_request: z.unknown().optional(),
});

/** The events read, each with what of its payload is read; any other event is acknowledged and ignored. */
const PAYLOADS = {
  issues: z.object({ action: z.string(), issue: ZIssue, repository: ZRepository }),
  issue_comment: z.object({ action: z.string(), issue: ZIssue, repository: ZRepository }),
  milestone: z.object({ action: z.string(), milestone: ZMilestone, repository: ZRepository }),
  ping: z.object({ zen: z.string().optional(), hook_id: z.number().optional() }),
};
type TEventName = keyof typeof PAYLOADS;
type TRouted = z.infer<typeof ZRouting>;
type TParsed = TRouted & { [K in TEventName]: { event: K; payload: z.infer<(typeof PAYLOADS)[K]> } }[TEventName];

const ZGitHubBody = ZRouting.extend({ event: z.string().min(1).max(100), payload: z.unknown() }).transform(
  (body, ctx): TParsed | (TRouted & { event: 'other'; name: string }) => {
    const { event, payload, ...routing } = body;
    if (!(event in PAYLOADS)) return { ...routing, event: 'other', name: event };
    const parsed = PAYLOADS[event as TEventName].safeParse(payload);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['payload', ...issue.path] } as never);
      return z.NEVER;
    }
    return { ...routing, event, payload: parsed.data } as TParsed;
  },
);

const ZGitHubPayload = z.discriminatedUnion('what', [
  z.object({ what: z.literal('task'), task: ZTrackerTask }),
  z.object({ what: z.literal('milestone'), milestone: z.string(), dueAt: z.coerce.date().nullable() }),
]);
type TPayload = z.infer<typeof ZGitHubPayload>;

export const GITHUB_SIGNATURE = 'X-Hub-Signature-256';

const wire: TWire = {
  label: 'GitHub',
  setup: 'TEAMMATE_WEBHOOK_SECRET_GITHUB (and GITHUB_TOKEN for Teammate to change issues)',
  signatureHeader: GITHUB_SIGNATURE,
  async verify(delivery, secret) {
    const signature = delivery.header('x-hub-signature-256');
    if (!signature || delivery.body.length === 0) return false;
    return verify(secret, delivery.body.toString('utf8'), signature.trim());
  },
  envelope: (delivery, json) => ({ event: delivery.header('x-github-event') ?? '', payload: json }),
  delivery: (delivery) => delivery.header('x-github-delivery'),
};

const milestoneKey = (repository: string, number: number) => `${repository}/milestones/${number}`;
const CLOSED_ACTIONS = new Set(['closed', 'deleted', 'transferred']);

function taskEvent(payload: z.infer<typeof PAYLOADS.issues>, action: string, at: Date): TSourceEvent<TPayload> {
  const { issue, repository } = payload;
  const assignees = issue.assignees ?? (issue.assignee ? [issue.assignee] : []);
  const id = `${repository.full_name}#${issue.number}`;
  return {
    key: id,
    at,
    payload: {
      what: 'task',
      task: {
        id,
        title: issue.title,
        url: issue.html_url,
        ...(CLOSED_ACTIONS.has(action) ? { open: false } : issue.state ? { open: issue.state === 'open' } : {}),
        assignees: assignees.map((a) => ({ id: a.login, name: a.login })),
        labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
        milestone: issue.milestone ? milestoneKey(repository.full_name, issue.milestone.number) : null,
        dueAt: issue.milestone?.due_on ? new Date(issue.milestone.due_on) : null,
      },
    },
  };
}

/** GitHub Issues: `issues`, `issue_comment`, `milestone` and `ping` deliveries. */
export const githubSource: SourceType<z.infer<typeof ZGitHubBody>, TPayload> = {
  type: 'github',
  records: 'task',
  wire,
  body: ZGitHubBody,
  payload: ZGitHubPayload,
  ignored(body) {
    if (body.event === 'ping') return 'ping received: GitHub reaches Teammate';
    if (body.event === 'other') return `${body.name} events are not read (issues, issue_comment and milestone are)`;
    if ((body.event === 'issues' || body.event === 'issue_comment') && body.payload.issue.pull_request !== undefined)
      return 'pull requests are not tasks';
    return undefined;
  },
  event(body) {
    switch (body.event) {
      case 'ping':
      case 'other':
        return []; // answered by `ignored` before they get here
      case 'issues':
      case 'issue_comment': {
        const at = new Date(body.payload.issue.updated_at);
        // A comment's action (created, edited, deleted) is about the comment; the issue's state is read from the issue.
        return taskEvent(body.payload, body.event === 'issues' ? body.payload.action : 'commented', at);
      }
      case 'milestone': {
        const { milestone, repository, action } = body.payload;
        return {
          key: milestoneKey(repository.full_name, milestone.number),
          payload: {
            what: 'milestone',
            milestone: milestoneKey(repository.full_name, milestone.number),
            dueAt: action === 'deleted' || !milestone.due_on ? null : new Date(milestone.due_on),
          },
        };
      }
    }
  },
  async record(deps, { source, channel, at, payload }) {
    if (payload.what === 'milestone') {
      await deps.stores.tasks.redateMilestone(source, payload.milestone, payload.dueAt, at);
      return;
    }
    await applyTrackerTask(deps, { source, channel, at, task: payload.task });
  },
};
