import type { PeopleStore, TPersonLink } from '../core/connector-port.js';
import type { Db } from './client.js';

export function prismaPeopleStore(db: Db): PeopleStore {
  return {
    async person(tool, toolId) {
      const row = await db.personLink.findUnique({ where: { tool_toolId: { tool, toolId } } });
      return row?.person;
    },
    async identities(person, tool) {
      const rows = await db.personLink.findMany({ where: { person, tool }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.toolId);
    },
    async link(link, by, at) {
      const before = await db.personLink.findUnique({
        where: { tool_toolId: { tool: link.tool, toolId: link.toolId } },
      });
      await db.personLink.upsert({
        where: { tool_toolId: { tool: link.tool, toolId: link.toolId } },
        create: { ...link, linkedBy: by, linkedAt: at },
        update: { person: link.person, origin: link.origin, linkedBy: by, linkedAt: at },
      });
      return before?.person;
    },
    async unlink(tool, toolId) {
      const { count } = await db.personLink.deleteMany({ where: { tool, toolId } });
      return count > 0;
    },
    async all() {
      const rows = await db.personLink.findMany({ orderBy: [{ person: 'asc' }, { tool: 'asc' }, { toolId: 'asc' }] });
      return rows.map(
        (r): TPersonLink => ({
          tool: r.tool,
          toolId: r.toolId,
          person: r.person,
          origin: r.origin === 'email' ? 'email' : 'chat',
        }),
      );
    },
  };
}
