import { Octokit } from '@octokit/rest';
import type { TrackerPort } from '../../core/connector-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';

export type TGitHubConfig = { token: string; apiUrl?: string };

/** `owner/repo#12` → its parts; anything else is not a GitHub issue Teammate knows. */
function issueOf(task: string): { owner: string; repo: string; issue_number: number } {
  const match = /^([^/\s]+)\/([^/\s#]+)#(\d+)$/.exec(task);
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new AppError(AppErrorCode.invalid, { message: `${task} is not a GitHub issue (owner/repo#number)` });
  }
  return { owner: match[1], repo: match[2], issue_number: Number(match[3]) };
}

type TRequestError = { status: number; response?: { headers?: Record<string, string>; data?: unknown } };
const isRequestError = (error: unknown): error is TRequestError =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';

/**
 * GitHub Issues through Octokit (GITHUB_API_URL points it at GitHub Enterprise Server): read an issue, replace its
 * assignees, comment and delete the comment, and say who last changed the assignees (the issue's events).
 */
export function githubTracker(config: TGitHubConfig, options: TConnectorTuning = {}) {
  const http = new ConnectorHttp({ label: 'GitHub', tokenVariable: 'GITHUB_TOKEN', ...options });
  const octokit = new Octokit({
    auth: config.token,
    ...(config.apiUrl ? { baseUrl: config.apiUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'teammate-bot',
    request: { fetch: http.fetch },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });

  /** Runs a call; a bad answer becomes the error that says what happened (404 → undefined where `missing` says). */
  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      if ((error as { cause?: unknown }).cause instanceof AppError) throw (error as { cause: AppError }).cause;
      if (!isRequestError(error)) throw error;
      const headers = new Headers(
        Object.entries(error.response?.headers ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
      );
      const data = error.response?.data;
      throw await http.failure(
        {
          status: error.status,
          headers,
          text: async () => (typeof data === 'string' ? data : JSON.stringify(data ?? '')),
        },
        what,
      );
    }
  }

  const tracker: TrackerPort = {
    tool: 'github',
    label: 'GitHub',
    health: () => http.health(),
    async read(task) {
      const issue = issueOf(task);
      try {
        const { data } = await octokit.rest.issues.get(issue);
        return {
          assignees: (data.assignees ?? []).map((a) => ({ id: a.login, name: a.login })),
          open: data.state === 'open',
        };
      } catch (error) {
        if (isRequestError(error) && (error.status === 404 || error.status === 410)) return undefined;
        return call(task, () => Promise.reject(error));
      }
    },
    async assign(task, people) {
      await call(task, () => octokit.rest.issues.update({ ...issueOf(task), assignees: [...people] }));
    },
    async comment(task, text) {
      const { data } = await call(task, () => octokit.rest.issues.createComment({ ...issueOf(task), body: text }));
      return String(data.id);
    },
    async removeComment(task, comment) {
      const { owner, repo } = issueOf(task);
      try {
        await octokit.rest.issues.deleteComment({ owner, repo, comment_id: Number(comment) });
      } catch (error) {
        if (isRequestError(error) && error.status === 404) return;
        await call(`the comment on ${task}`, () => Promise.reject(error));
      }
    },
    async assignedBy(task, since) {
      const { data } = await call(task, () => octokit.rest.issues.listEvents({ ...issueOf(task), per_page: 100 }));
      const changes = data.filter(
        (e) => (e.event === 'assigned' || e.event === 'unassigned') && Date.parse(e.created_at) >= since.getTime(),
      );
      return changes.at(-1)?.actor?.login;
    },
  };
  return tracker;
}
