import { startJsonServer, type TJsonAnswer } from './json-server.js';

// A stand-in for Jira Cloud's REST API v3, answering in the shapes of the examples in Atlassian's reference
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/): "Get issue" (id, key, self, fields with assignee
// and status.statusCategory), "Assign issue" (204), "Add comment" (201 with id, author, ADF body, created),
// "Delete comment" (204) and "Get changelogs" (a page of values with author, created and items).

type TPerson = { accountId: string; displayName: string };
type TIssue = { summary: string; assignee: TPerson | null; category: 'new' | 'indeterminate' | 'done' };
type TChange = { author: TPerson; at: Date; from: TPerson | null; to: TPerson | null };

export async function startFakeJira(options: { now: () => Date; people: TPerson[] }) {
  const issues = new Map<string, TIssue>();
  const changelog = new Map<string, TChange[]>();
  const comments = new Map<string, { issue: string; body: unknown }>();
  let nextComment = 10_500;
  const bot: TPerson = { accountId: '712020:teammate-bot', displayName: 'Teammate' };
  const person = (accountId: string | null) =>
    accountId === null
      ? null
      : (options.people.find((p) => p.accountId === accountId) ?? { accountId, displayName: accountId });
  const user = (p: TPerson) => ({
    self: `https://acme.atlassian.net/rest/api/3/user?accountId=${p.accountId}`,
    accountId: p.accountId,
    displayName: p.displayName,
    active: true,
    timeZone: 'Europe/Berlin',
    accountType: 'atlassian',
  });
  const notFound: TJsonAnswer = {
    status: 404,
    body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
  };
  const change = (key: string, issue: TIssue, to: TPerson | null, author: TPerson) => {
    changelog.set(key, [...(changelog.get(key) ?? []), { author, at: options.now(), from: issue.assignee, to }]);
    issue.assignee = to;
  };

  const server = await startJsonServer([
    {
      method: 'GET',
      path: /^\/rest\/api\/3\/issue\/([A-Z0-9]+-\d+)$/,
      answer: ({ params: [key = ''] }) => {
        const issue = issues.get(key);
        if (!issue) return notFound;
        return {
          status: 200,
          body: {
            expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
            id: '10042',
            self: `https://acme.atlassian.net/rest/api/3/issue/10042`,
            key,
            fields: {
              assignee: issue.assignee ? user(issue.assignee) : null,
              status: {
                name: issue.category === 'done' ? 'Done' : 'In Progress',
                statusCategory: { id: 4, key: issue.category, colorName: 'yellow', name: 'In Progress' },
              },
            },
          },
        };
      },
    },
    {
      method: 'PUT',
      path: /^\/rest\/api\/3\/issue\/([A-Z0-9]+-\d+)\/assignee$/,
      answer: ({ params: [key = ''], body }) => {
        const issue = issues.get(key);
        if (!issue) return notFound;
        change(key, issue, person((body as { accountId: string | null }).accountId), bot);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: /^\/rest\/api\/3\/issue\/([A-Z0-9]+-\d+)\/comment$/,
      answer: ({ params: [key = ''], body }) => {
        if (!issues.has(key)) return notFound;
        const id = String(nextComment++);
        comments.set(id, { issue: key, body: (body as { body: unknown }).body });
        return {
          status: 201,
          body: {
            self: `https://acme.atlassian.net/rest/api/3/issue/10042/comment/${id}`,
            id,
            author: user(bot),
            body: (body as { body: unknown }).body,
            created: options.now().toISOString(),
            updated: options.now().toISOString(),
            jsdPublic: true,
          },
        };
      },
    },
    {
      method: 'DELETE',
      path: /^\/rest\/api\/3\/issue\/([A-Z0-9]+-\d+)\/comment\/(\d+)$/,
      answer: ({ params: [, id = ''] }) => (comments.delete(id) ? { status: 204 } : notFound),
    },
    {
      method: 'GET',
      path: /^\/rest\/api\/3\/issue\/([A-Z0-9]+-\d+)\/changelog$/,
      answer: ({ params: [key = ''] }) => {
        if (!issues.has(key)) return notFound;
        const values = (changelog.get(key) ?? []).map((c, i) => ({
          id: String(10_000 + i),
          author: user(c.author),
          created: c.at.toISOString(),
          items: [
            {
              field: 'assignee',
              fieldtype: 'jira',
              fieldId: 'assignee',
              from: c.from?.accountId ?? null,
              fromString: c.from?.displayName ?? null,
              to: c.to?.accountId ?? null,
              toString: c.to?.displayName ?? null,
            },
          ],
        }));
        return {
          status: 200,
          body: { self: '', maxResults: 100, startAt: 0, total: values.length, isLast: true, values },
        };
      },
    },
  ]);
  return {
    ...server,
    issues,
    comments,
    put(key: string, issue: { summary: string; assignee: string | null; category?: TIssue['category'] }) {
      issues.set(key, {
        summary: issue.summary,
        assignee: person(issue.assignee),
        category: issue.category ?? 'indeterminate',
      });
    },
    /** Someone changes the assignee in Jira itself. */
    reassign(key: string, accountId: string | null, by: TPerson) {
      const issue = issues.get(key);
      if (!issue) throw new Error(`no issue ${key}`);
      change(key, issue, person(accountId), by);
    },
  };
}
export type TFakeJira = Awaited<ReturnType<typeof startFakeJira>>;
