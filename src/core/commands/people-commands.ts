import type { CoreDeps } from '../deps.js';
import { code, doc, joinRich, list, person, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import type { TCommand } from './grammar.js';
import type { TCommandInput } from './run-command.js';

type PeopleCommand = Extract<TCommand, { name: `people ${string}` }>;

const identity = (i: { tool: string; id: string }) => `${i.tool}:${i.id}`;

/**
 * Who is who across tools: a GitHub login, a Jira account id or a HubSpot owner id, linked to a person in chat.
 * Linking also gives that person the open tasks and deals the tool already assigns to them here.
 */
export async function runPeopleCommand(deps: CoreDeps, input: TCommandInput, command: PeopleCommand): Promise<TDoc> {
  const { people, tasks, deals } = deps.stores;
  const now = deps.clock.now();
  switch (command.name) {
    case 'people list': {
      const links = await people.all();
      if (links.length === 0) {
        return doc(
          rich`Nobody is linked to a GitHub, Jira or HubSpot identity yet. Link someone with ${code('/teammate people link @user github:login')}; people whose e-mail addresses match are found on their own where the tool shares addresses.`,
        );
      }
      return doc(
        rich`Who is who across tools:`,
        list(
          links.map(
            (l) =>
              rich`${person(l.person)} — ${identity({ tool: l.tool, id: l.toolId })}${l.origin === 'email' ? ' (found by e-mail address)' : ''}`,
          ),
        ),
      );
    }
    case 'people link': {
      const notes: TRich[] = [];
      let given = 0;
      for (const id of command.identities) {
        const before = await people.link(
          { tool: id.tool, toolId: id.id, person: command.user, origin: 'chat' },
          input.user,
          now,
        );
        if (before && before !== command.user) notes.push(rich`${identity(id)} was linked to ${person(before)} before`);
        // What the tool already assigns to them becomes theirs here.
        for (const task of await tasks.unlinked(id.tool)) {
          if (!task.toolAssignees?.some((a) => a.id === id.id)) continue;
          await tasks.apply(
            { source: task.source, externalId: task.externalId, channel: task.channel, assignee: command.user },
            now,
          );
          given++;
        }
        given += await deals.linkOwner(id.tool, id.id, command.user, now);
      }
      const what =
        given === 0 ? '' : ` ${given} open ${given === 1 ? 'task or deal is' : 'tasks and deals are'} now with them.`;
      return doc(
        rich`Linked ${person(command.user)} to ${command.identities.map(identity).join(', ')}.${what}`,
        ...(notes.length > 0 ? [joinRich(notes, '; ')] : []),
      );
    }
    case 'people unlink': {
      const removed: string[] = [];
      for (const id of command.identities) if (await people.unlink(id.tool, id.id)) removed.push(identity(id));
      return doc(
        removed.length > 0
          ? rich`Unlinked ${removed.join(', ')}. Tasks already with someone stay with them until the tool says otherwise.`
          : rich`${command.identities.map(identity).join(', ')} was not linked to anyone; nothing changed.`,
      );
    }
  }
}
