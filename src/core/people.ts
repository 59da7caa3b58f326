import type { TToolPerson } from './connector-port.js';
import type { CoreDeps } from './deps.js';
import { platformOf, type TKey } from './identity.js';

/**
 * The person in chat behind a tool identity: the link an admin made, else the chat member with the same e-mail
 * address when the tool shares one and the platform can look it up (the link is then remembered, origin `email`).
 */
export async function chatPersonOf(
  deps: Pick<CoreDeps, 'stores' | 'chats' | 'clock' | 'log'>,
  tool: string,
  person: TToolPerson,
  channel: TKey,
): Promise<TKey | undefined> {
  const linked = await deps.stores.people.person(tool, person.id);
  if (linked || !person.email) return linked;
  const chat = deps.chats.get(platformOf(channel));
  if (!chat?.personByEmail) return undefined;
  const found = await chat.personByEmail(person.email).catch((error: unknown) => {
    deps.log.warn({ err: error, tool }, 'could not look a person up by e-mail');
    return undefined;
  });
  if (!found) return undefined;
  await deps.stores.people.link(
    { tool, toolId: person.id, person: found, origin: 'email' },
    'teammate',
    deps.clock.now(),
  );
  return found;
}
