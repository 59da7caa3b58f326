import { z } from 'zod';
import { nativeId, platformOf } from '../../core/identity.js';
import type { AddressStore } from '../../core/store-ports.js';
import { type TReference, ZReference } from './connector.js';

// What Teams needs remembered to reach people and conversations later, kept in the database (PlatformAddress) so a
// restart loses nothing, and in memory for the hot path. People are known by their AAD object id (their key is
// `teams:<aadObjectId>`), but Teams addresses them by a Teams id (29:…) that differs per bot: both are learned from
// the activities they send and the member lists Teams delivers.

const ZPerson = z.object({
  /** The Teams user id (29:…) the Bot Framework uses for this person with this bot. */
  teamsId: z.string().min(1),
  name: z.string().optional(),
  /** Where the person was last seen from: what opening a personal chat needs. */
  serviceUrl: z.url(),
  tenantId: z.string().optional(),
  /** Their personal chat with the bot, once there is one. */
  personal: z.string().optional(),
});
export type TPerson = z.infer<typeof ZPerson>;
const ZAlias = z.object({ aadObjectId: z.string().min(1) });
/** A team's Microsoft 365 group: what a link to one of its channel messages needs. */
const ZTeam = z.object({ aadGroupId: z.string().min(1) });

const PLATFORM = 'teams';

export class TeamsDirectory {
  readonly #store: AddressStore;
  readonly #now: () => Date;
  readonly #conversations = new Map<string, TReference>();
  readonly #people = new Map<string, TPerson>();
  readonly #aliases = new Map<string, string>();
  readonly #teams = new Map<string, string>();

  constructor(store: AddressStore, now: () => Date) {
    this.#store = store;
    this.#now = now;
  }

  async #read<T>(kind: string, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const parsed = schema.safeParse(await this.#store.get(PLATFORM, kind, key));
    return parsed.success ? parsed.data : undefined;
  }

  /** The reference to a conversation (its id without a thread), from memory or the database. */
  async conversation(id: string): Promise<TReference | undefined> {
    const known = this.#conversations.get(id) ?? (await this.#read('conversation', id, ZReference));
    if (known) this.#conversations.set(id, known);
    return known;
  }

  /** Remembers a conversation's reference (keeping a name learned before); written only when it changed. */
  async rememberConversation(seen: TReference): Promise<void> {
    const known = await this.conversation(seen.conversationId);
    const name = seen.name ?? known?.name;
    const teamId = seen.teamId ?? known?.teamId;
    const reference = { ...seen, ...(name ? { name } : {}), ...(teamId ? { teamId } : {}) };
    if (known && JSON.stringify(known) === JSON.stringify(reference)) return;
    this.#conversations.set(reference.conversationId, reference);
    await this.#store.put(PLATFORM, 'conversation', reference.conversationId, reference, this.#now());
  }

  /** The Microsoft 365 group behind a team, when Teams said it (it does when the bot is added to the team). */
  async teamGroup(teamId: string): Promise<string | undefined> {
    const known = this.#teams.get(teamId) ?? (await this.#read('team', teamId, ZTeam))?.aadGroupId;
    if (known) this.#teams.set(teamId, known);
    return known;
  }

  async rememberTeam(teamId: string, aadGroupId: string): Promise<void> {
    if ((await this.teamGroup(teamId)) === aadGroupId) return;
    this.#teams.set(teamId, aadGroupId);
    await this.#store.put(PLATFORM, 'team', teamId, { aadGroupId }, this.#now());
  }

  async person(aadObjectId: string): Promise<TPerson | undefined> {
    const known = this.#people.get(aadObjectId) ?? (await this.#read('person', aadObjectId, ZPerson));
    if (known) this.#people.set(aadObjectId, known);
    return known;
  }

  /** The AAD object id behind a Teams id, when the person was seen. */
  async aadIdOf(teamsId: string): Promise<string | undefined> {
    const known = this.#aliases.get(teamsId) ?? (await this.#read('teams-id', teamsId, ZAlias))?.aadObjectId;
    if (known) this.#aliases.set(teamsId, known);
    return known;
  }

  /** Remembers a person as an activity or a member list shows them; their name and personal chat are kept. */
  async rememberPerson(aadObjectId: string, seen: Omit<TPerson, 'personal'> & { personal?: string }): Promise<void> {
    const known = await this.person(aadObjectId);
    const next: TPerson = {
      ...known,
      ...seen,
      name: seen.name || known?.name,
      personal: seen.personal ?? known?.personal,
    };
    if (next.name === undefined) delete next.name;
    if (next.personal === undefined) delete next.personal;
    if (!known || JSON.stringify(known) !== JSON.stringify(next)) {
      this.#people.set(aadObjectId, next);
      await this.#store.put(PLATFORM, 'person', aadObjectId, next, this.#now());
    }
    if ((await this.aadIdOf(seen.teamsId)) !== aadObjectId) {
      this.#aliases.set(seen.teamsId, aadObjectId);
      await this.#store.put(PLATFORM, 'teams-id', seen.teamsId, { aadObjectId }, this.#now());
    }
  }

  /** The Teams ids of people given by key (`teams:<aadObjectId>`); people not seen yet are left out. */
  async teamsIds(keys: readonly string[] | undefined): Promise<string[]> {
    const ids: string[] = [];
    for (const key of keys ?? []) {
      const person = platformOf(key) === PLATFORM ? await this.person(nativeId(key)) : undefined;
      if (person) ids.push(person.teamsId);
    }
    return ids;
  }
}
