import { z } from 'zod';
import type { TrackerPort } from '../../core/connector-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { formatIssues } from '../../core/zod-issues.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';

export type TJiraConfig = { baseUrl: string; email: string; token: string };

const ZIssue = z.object({
  key: z.string(),
  fields: z.object({
    assignee: z.object({ accountId: z.string(), displayName: z.string().optional() }).nullish(),
    status: z.object({ statusCategory: z.object({ key: z.string() }).optional() }).optional(),
  }),
});
const ZComment = z.object({ id: z.string() });
const ZChangelog = z.object({
  startAt: z.number().optional(),
  total: z.number().optional(),
  isLast: z.boolean().optional(),
  values: z.array(
    z.object({
      created: z.string(),
      author: z.object({ displayName: z.string().optional(), accountId: z.string().optional() }).optional(),
      items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().optional() })),
    }),
  ),
});

/** A comment in the Atlassian Document Format: one paragraph of plain text. */
const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/**
 * Jira Cloud's REST API v3 with an API token (basic auth with the account's e-mail): read an issue, set its
 * assignee, comment in ADF and delete the comment, and read the changelog for who changed the assignee.
 */
export function jiraTracker(config: TJiraConfig, options: TConnectorTuning = {}) {
  const http = new ConnectorHttp({ label: 'Jira', tokenVariable: 'JIRA_API_TOKEN', ...options });
  const base = config.baseUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${config.email}:${config.token}`).toString('base64')}`;

  async function request(
    method: string,
    path: string,
    what: string,
    body?: unknown,
    allow: readonly number[] = [],
  ): Promise<{ status: number; json: unknown }> {
    const response = await http.fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: auth,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok && !allow.includes(response.status)) throw await http.failure(response, what);
    const text = await response.text();
    try {
      return { status: response.status, json: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: response.status, json: text };
    }
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new AppError(AppErrorCode.connector, {
      message: `Jira answered ${what} in a shape Teammate does not know: ${formatIssues(parsed.error)}`,
    });
  }

  const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;

  const tracker: TrackerPort = {
    tool: 'jira',
    label: 'Jira',
    health: () => http.health(),
    async read(key) {
      const { status, json } = await request('GET', `${issuePath(key)}?fields=assignee,status`, key, undefined, [404]);
      if (status === 404) return undefined;
      const issue = parse(ZIssue, json, key);
      const a = issue.fields.assignee;
      return {
        assignees: a ? [{ id: a.accountId, ...(a.displayName ? { name: a.displayName } : {}) }] : [],
        open: issue.fields.status?.statusCategory?.key !== 'done',
      };
    },
    async assign(key, people) {
      // A Jira issue has one assignee; none clears it.
      await request('PUT', `${issuePath(key)}/assignee`, key, { accountId: people[0] ?? null });
    },
    async comment(key, text) {
      const { json } = await request('POST', `${issuePath(key)}/comment`, key, { body: adf(text) });
      return parse(ZComment, json, `the comment on ${key}`).id;
    },
    async removeComment(key, comment) {
      await request('DELETE', `${issuePath(key)}/comment/${encodeURIComponent(comment)}`, key, undefined, [404]);
    },
    async assignedBy(key, since) {
      const first = parse(
        ZChangelog,
        (await request('GET', `${issuePath(key)}/changelog?maxResults=100`, key)).json,
        key,
      );
      // The changelog is oldest first: the newest changes are on its last page.
      const page =
        first.isLast === false && first.total !== undefined
          ? parse(
              ZChangelog,
              (
                await request(
                  'GET',
                  `${issuePath(key)}/changelog?maxResults=100&startAt=${Math.max(0, first.total - 100)}`,
                  key,
                )
              ).json,
              key,
            )
          : first;
      const changes = page.values.filter(
        (v) =>
          Date.parse(v.created) >= since.getTime() &&
          v.items.some((i) => i.fieldId === 'assignee' || i.field === 'assignee'),
      );
      return changes.at(-1)?.author?.displayName;
    },
  };
  return tracker;
}
