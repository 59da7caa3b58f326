import { startJsonServer, type TJsonAnswer } from './json-server.js';

// A stand-in for HubSpot's CRM v3 API, answering in the shapes of HubSpot's reference examples
// (https://developers.hubspot.com/docs/api/crm/deals, /crm/tasks, /crm/owners): objects as
// { id, properties, createdAt, updatedAt, archived }, search results as { total, results, paging.next.after },
// owners as { id, email, firstName, lastName, userId }, deletes answered 204.

type TDeal = Record<string, string | null>;
type TTask = { deal: string; properties: Record<string, string> };

export async function startFakeHubSpot(options: {
  now: () => Date;
  owners: { id: string; email: string; firstName: string; lastName: string }[];
}) {
  const deals = new Map<string, TDeal>();
  const tasks = new Map<string, TTask>();
  let nextTask = 51_000;
  const object = (id: string, properties: Record<string, string | null>) => ({
    id,
    properties: { ...properties, hs_object_id: id },
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: options.now().toISOString(),
    archived: false,
  });
  const notFound: TJsonAnswer = {
    status: 404,
    body: { status: 'error', message: 'resource not found', correlationId: 'a1b2c3', category: 'OBJECT_NOT_FOUND' },
  };
  const server = await startJsonServer([
    {
      method: 'GET',
      path: /^\/crm\/v3\/objects\/deals\/(\d+)$/,
      answer: ({ params: [id = ''] }) => {
        const deal = deals.get(id);
        return deal ? { status: 200, body: object(id, deal) } : notFound;
      },
    },
    {
      method: 'POST',
      path: /^\/crm\/v3\/objects\/deals\/search$/,
      answer: ({ body }) => {
        const request = body as { limit?: number; after?: string };
        const open = [...deals.entries()].filter(([, d]) => d.hs_is_closed !== 'true');
        const start = Number(request.after ?? 0);
        const page = open.slice(start, start + (request.limit ?? 10));
        const next = start + page.length < open.length ? String(start + page.length) : undefined;
        return {
          status: 200,
          body: {
            total: open.length,
            results: page.map(([id, d]) => object(id, d)),
            ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
          },
        };
      },
    },
    {
      method: 'POST',
      path: /^\/crm\/v3\/objects\/tasks$/,
      answer: ({ body }) => {
        const request = body as {
          properties: Record<string, string>;
          associations: { to: { id: string }; types: { associationTypeId: number }[] }[];
        };
        const id = String(nextTask++);
        const deal = request.associations.find((a) => a.types.some((t) => t.associationTypeId === 216))?.to.id ?? '';
        const now = options.now().toISOString();
        tasks.set(id, { deal, properties: { ...request.properties, hs_createdate: now, hs_lastmodifieddate: now } });
        return { status: 201, body: object(id, tasks.get(id)?.properties ?? {}) };
      },
    },
    {
      method: 'GET',
      path: /^\/crm\/v3\/objects\/tasks\/(\d+)$/,
      answer: ({ params: [id = ''] }) => {
        const task = tasks.get(id);
        return task ? { status: 200, body: object(id, task.properties) } : notFound;
      },
    },
    {
      method: 'DELETE',
      path: /^\/crm\/v3\/objects\/tasks\/(\d+)$/,
      answer: ({ params: [id = ''] }) => (tasks.delete(id) ? { status: 204 } : notFound),
    },
    {
      method: 'GET',
      path: /^\/crm\/v3\/owners\/(\d+)$/,
      answer: ({ params: [id = ''] }) => {
        const owner = options.owners.find((o) => o.id === id);
        return owner
          ? {
              status: 200,
              body: {
                ...owner,
                userId: Number(id) + 1,
                createdAt: '2026-01-01T00:00:00Z',
                updatedAt: '2026-01-01T00:00:00Z',
                archived: false,
              },
            }
          : notFound;
      },
    },
  ]);
  return {
    ...server,
    deals,
    tasks,
    put(
      id: string,
      deal: { name: string; stage: string; owner?: string; amount?: string; lastActivity: Date; closed?: boolean },
    ) {
      deals.set(id, {
        dealname: deal.name,
        dealstage: deal.stage,
        amount: deal.amount ?? null,
        hubspot_owner_id: deal.owner ?? null,
        notes_last_updated: deal.lastActivity.toISOString(),
        createdate: '2026-10-01T09:00:00.000Z',
        hs_is_closed: deal.closed ? 'true' : 'false',
      });
    },
    /** Someone works on the task in HubSpot. */
    complete(id: string) {
      const task = tasks.get(id);
      if (!task) throw new Error(`no task ${id}`);
      task.properties.hs_task_status = 'COMPLETED';
      task.properties.hs_lastmodifieddate = options.now().toISOString();
    },
  };
}
export type TFakeHubSpot = Awaited<ReturnType<typeof startFakeHubSpot>>;
