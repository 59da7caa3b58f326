import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { startJsonServer, type TJsonAnswer } from './json-server.js';

// A stand-in for GitHub's REST API (api.github.com, or a GitHub Enterprise Server's /api/v3). Its answers are built
// from the examples in GitHub's published OpenAPI description (the @octokit/openapi package,
// generated/api.github.com.json: components/examples issue, issue-comment and issue-event-for-issue-items), with the
// fields a test sets changed, and `validate()` checks every answer it gave against the description's schemas.

const require = createRequire(import.meta.url);
type TSpec = {
  components: { examples: Record<string, { value: unknown }>; schemas: Record<string, unknown> };
};
let spec: TSpec | undefined;
const openApi = (): TSpec => {
  spec ??= require('@octokit/openapi/generated/api.github.com.json') as TSpec;
  return spec;
};
const example = <T>(name: string): T => structuredClone(openApi().components.examples[name]?.value) as T;

type TUser = Record<string, unknown> & { login: string };
type TIssueState = { title: string; state: 'open' | 'closed'; assignees: string[] };
type TEvent = { event: 'assigned' | 'unassigned'; actor: string; assignee: string; at: Date };

export async function startFakeGitHub(options: { now: () => Date }) {
  const issues = new Map<string, TIssueState>();
  const events = new Map<string, TEvent[]>();
  const comments = new Map<number, { issue: string; body: string }>();
  let nextComment = 9000;
  const user = (login: string): TUser => ({ ...(example<TUser>('issue').assignee as TUser), login });
  const key = (owner: string, repo: string, n: string) => `${owner}/${repo}#${n}`;

  const issueBody = (owner: string, repo: string, n: string) => {
    const state = issues.get(key(owner, repo, n));
    if (!state) return undefined;
    const base = example<Record<string, unknown>>('issue');
    const url = `https://api.github.com/repos/${owner}/${repo}/issues/${n}`;
    return {
      ...base,
      number: Number(n),
      title: state.title,
      state: state.state,
      url,
      html_url: `https://github.com/${owner}/${repo}/issues/${n}`,
      assignee: state.assignees[0] ? user(state.assignees[0]) : null,
      assignees: state.assignees.map(user),
    };
  };
  const notFound: TJsonAnswer = {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
  };
  const record = (issue: string, before: string[], after: string[], actor: string) => {
    const list = events.get(issue) ?? [];
    for (const login of before.filter((l) => !after.includes(l)))
      list.push({ event: 'unassigned', actor, assignee: login, at: options.now() });
    for (const login of after.filter((l) => !before.includes(l)))
      list.push({ event: 'assigned', actor, assignee: login, at: options.now() });
    events.set(issue, list);
  };

  const server = await startJsonServer([
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      answer: ({ params: [o = '', r = '', n = ''] }) => {
        const body = issueBody(o, r, n);
        return body ? { status: 200, body } : notFound;
      },
    },
    {
      method: 'PATCH',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      answer: ({ params: [o = '', r = '', n = ''], body }) => {
        const state = issues.get(key(o, r, n));
        if (!state) return notFound;
        const { assignees } = body as { assignees?: string[] };
        if (assignees) {
          record(key(o, r, n), state.assignees, assignees, 'teammate-bot');
          state.assignees = [...assignees];
        }
        return { status: 200, body: issueBody(o, r, n) };
      },
    },
    {
      method: 'POST',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      answer: ({ params: [o = '', r = '', n = ''], body }) => {
        if (!issues.has(key(o, r, n))) return notFound;
        const id = nextComment++;
        const text = (body as { body: string }).body;
        comments.set(id, { issue: key(o, r, n), body: text });
        return {
          status: 201,
          body: {
            ...example<Record<string, unknown>>('issue-comment'),
            id,
            body: text,
            url: `https://api.github.com/repos/${o}/${r}/issues/comments/${id}`,
            html_url: `https://github.com/${o}/${r}/issues/${n}#issuecomment-${id}`,
            issue_url: `https://api.github.com/repos/${o}/${r}/issues/${n}`,
          },
        };
      },
    },
    {
      method: 'DELETE',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
      answer: ({ params: [, , id = ''] }) => (comments.delete(Number(id)) ? { status: 204 } : notFound),
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/events$/,
      answer: ({ params: [o = '', r = '', n = ''] }) => {
        if (!issues.has(key(o, r, n))) return notFound;
        const [template] = example<Record<string, unknown>[]>('issue-event-for-issue-items');
        return {
          status: 200,
          body: (events.get(key(o, r, n)) ?? []).map((e, i) => ({
            ...template,
            id: i + 1,
            event: e.event,
            actor: user(e.actor),
            assignee: user(e.assignee),
            assigner: user(e.actor),
            created_at: e.at.toISOString(),
          })),
        };
      },
    },
  ]);

  return {
    ...server,
    apiUrl: server.url,
    issues,
    comments,
    /** An issue as a test sets it up (`owner/repo#12`). */
    put(issue: string, state: TIssueState) {
      issues.set(issue, { ...state, assignees: [...state.assignees] });
    },
    /** Someone changes the assignees on GitHub itself. */
    reassign(issue: string, assignees: string[], actor: string) {
      const state = issues.get(issue);
      if (!state) throw new Error(`no issue ${issue}`);
      record(issue, state.assignees, assignees, actor);
      state.assignees = [...assignees];
    },
    /** Every 2xx answer with a body, checked against GitHub's OpenAPI schema for its path; returns the failures. */
    validate(): string[] {
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
      ajv.addSchema({ components: { schemas: nullableAsAnyOf(openApi().components.schemas) }, $id: 'github' });
      const schemaFor = (method: string, path: string) =>
        method === 'POST' && /\/comments$/.test(path)
          ? 'issue-comment'
          : /\/events$/.test(path)
            ? 'issue-event-for-issue'
            : /\/issues\/\d+$/.test(path)
              ? 'issue'
              : undefined;
      const failures: string[] = [];
      for (const { request, answer } of server.answers) {
        const name =
          answer.status < 300 && answer.body !== undefined ? schemaFor(request.method, request.path) : undefined;
        if (!name) continue;
        const check = ajv.getSchema(`github#/components/schemas/${name}`);
        const values = Array.isArray(answer.body) ? answer.body : [answer.body];
        for (const value of values) {
          if (check && !check(value))
            failures.push(`${request.method} ${request.path}: ${ajv.errorsText(check.errors)}`);
        }
      }
      return failures;
    },
  };
}
/** OpenAPI 3.0's `nullable` beside a `$ref` or `allOf` (no `type`), written as JSON Schema's anyOf with null for Ajv. */
function nullableAsAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsAnyOf);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node).map(([k, v]) => [k, nullableAsAnyOf(v)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  if (object.nullable === true && object.type === undefined) {
    const { nullable: _nullable, ...rest } = object;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return object;
}

export type TFakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;
