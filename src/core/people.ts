import type { TToolPerson } from './connector-port.js';
import type { CoreDeps } from './deps.js';
import { platformOf, type TKey } from './identity.js';

/**
 * The person in chat behind a tool identity: the link an admin made, else the chat member with the same e-mail
 * address when the tool shares one and the platform can look it up (the link is then remembered, origin `email`).
 * `details` asks the tool for the address when the delivery did not carry it (HubSpot's owners), only when needed.
 */
export async function chatPersonOf(
  deps: Pick<CoreDeps, 'stores' | 'chats' | 'clock' | 'log'>,
  tool: string,
  given: TToolPerson,
  channel: TKey,
  details?: () => Promise<TToolPerson | undefined>,
): Promise<TKey | undefined> {
  const linked = await deps.stores.people.person(tool, given.id);
  if (linked) return linked;
  // Only a platform that can look people up by address is worth asking the tool for one.
  const chat = deps.chats.get(platformOf(channel));
  if (!chat?.personByEmail) return undefined;
  const email = given.email ?? (await details?.())?.email;
  if (!email) return undefined;
  const found = await chat.personByEmail(email).catch((error: unknown) => {
    deps.log.warn({ err: error, tool }, 'could not look a person up by e-mail');
    return undefined;
  });
  if (!found) return undefined;
  await deps.stores.people.link(
    { tool, toolId: given.id, person: found, origin: 'email' },
    'teammate',
    deps.clock.now(),
  );
  return found;
}
