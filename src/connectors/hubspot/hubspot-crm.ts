import { z } from 'zod';
import type { CrmPort, TCrmTask, TDealSnapshot } from '../../core/connector-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { formatIssues } from '../../core/zod-issues.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';

export type THubSpotConfig = { token: string; apiUrl?: string };

const DEAL_PROPERTIES = [
  'dealname',
  'dealstage',
  'amount',
  'hubspot_owner_id',
  'notes_last_updated',
  'createdate',
  'hs_is_closed',
];
const ZObject = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
const ZSearch = z.object({
  results: z.array(ZObject),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const ZOwner = z.object({
  id: z.string(),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
});
/** HubSpot's task-to-deal association (HUBSPOT_DEFINED). */
const TASK_TO_DEAL = 216;

/**
 * A task body as HubSpot takes it (HTML): each paragraph of the plain text escaped, so nothing written by a model or
 * a person becomes markup or a link there.
 */
export function taskBody(text: string): string {
  const inert = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${inert(paragraph.trim()).replaceAll('\n', '<br>')}</p>`)
    .join('');
}

function dealOf(object: z.infer<typeof ZObject>): TDealSnapshot {
  const p = object.properties;
  const activity = p.notes_last_updated ?? p.createdate ?? object.createdAt;
  return {
    id: object.id,
    name: p.dealname?.trim() || `HubSpot deal ${object.id}`,
    stage: p.dealstage ?? 'unknown',
    ...(p.hubspot_owner_id ? { owner: p.hubspot_owner_id } : {}),
    ...(p.amount ? { value: p.amount } : {}),
    closed: p.hs_is_closed === 'true' || object.archived === true,
    lastActivityAt: activity ? new Date(activity) : new Date(0),
  };
}

function taskOf(object: z.infer<typeof ZObject>): TCrmTask {
  const p = object.properties;
  return {
    id: object.id,
    done: p.hs_task_status === 'COMPLETED',
    ...(p.hubspot_owner_id ? { owner: p.hubspot_owner_id } : {}),
    modifiedAt: new Date(p.hs_lastmodifieddate ?? object.updatedAt ?? 0),
  };
}

/**
 * HubSpot's CRM v3 API with a private app's access token: read deals (one, or every open one by search), and
 * create, read and delete the follow-up tasks Teammate puts on them.
 */
export function hubspotCrm(config: THubSpotConfig, options: TConnectorTuning = {}) {
  const http = new ConnectorHttp({ label: 'HubSpot', tokenVariable: 'HUBSPOT_ACCESS_TOKEN', ...options });
  const base = (config.apiUrl ?? 'https://api.hubapi.com').replace(/\/+$/, '');

  async function request(method: string, path: string, what: string, body?: unknown, allow: number[] = []) {
    const response = await http.fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok && !allow.includes(response.status)) throw await http.failure(response, what);
    const text = await response.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, json };
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new AppError(AppErrorCode.connector, {
      message: `HubSpot answered ${what} in a shape Teammate does not know: ${formatIssues(parsed.error)}`,
    });
  }

  const crm: CrmPort = {
    tool: 'hubspot',
    label: 'HubSpot',
    health: () => http.health(),
    async deal(id) {
      const path = `/crm/v3/objects/deals/${encodeURIComponent(id)}?properties=${DEAL_PROPERTIES.join(',')}`;
      const { status, json } = await request('GET', path, `deal ${id}`, undefined, [404]);
      return status === 404 ? undefined : dealOf(parse(ZObject, json, `deal ${id}`));
    },
    async *openDeals() {
      let after: string | undefined;
      do {
        const { json } = await request('POST', '/crm/v3/objects/deals/search', 'the open deals', {
          filterGroups: [{ filters: [{ propertyName: 'hs_is_closed', operator: 'EQ', value: 'false' }] }],
          properties: DEAL_PROPERTIES,
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          limit: 100,
          ...(after ? { after } : {}),
        });
        const page = parse(ZSearch, json, 'the open deals');
        for (const object of page.results) yield dealOf(object);
        after = page.paging?.next?.after;
      } while (after);
    },
    async createTask(deal, task) {
      const { json } = await request('POST', '/crm/v3/objects/tasks', `a task on deal ${deal}`, {
        properties: {
          hs_timestamp: task.dueAt.toISOString(),
          hs_task_subject: task.subject,
          hs_task_body: taskBody(task.body),
          hs_task_status: 'NOT_STARTED',
          hs_task_type: 'TODO',
          ...(task.owner ? { hubspot_owner_id: task.owner } : {}),
        },
        associations: [
          { to: { id: deal }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_DEAL }] },
        ],
      });
      return taskOf(parse(ZObject, json, `the task on deal ${deal}`));
    },
    async readTask(id) {
      const path = `/crm/v3/objects/tasks/${encodeURIComponent(id)}?properties=hs_task_status,hubspot_owner_id,hs_lastmodifieddate`;
      const { status, json } = await request('GET', path, `task ${id}`, undefined, [404]);
      return status === 404 ? undefined : taskOf(parse(ZObject, json, `task ${id}`));
    },
    async deleteTask(id) {
      await request('DELETE', `/crm/v3/objects/tasks/${encodeURIComponent(id)}`, `task ${id}`, undefined, [404]);
    },
    async person(id) {
      const { status, json } = await request(
        'GET',
        `/crm/v3/owners/${encodeURIComponent(id)}`,
        `owner ${id}`,
        undefined,
        [404],
      );
      if (status === 404) return undefined;
      const owner = parse(ZOwner, json, `owner ${id}`);
      const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ');
      return { id: owner.id, ...(name ? { name } : {}), ...(owner.email ? { email: owner.email } : {}) };
    },
  };
  return crm;
}
