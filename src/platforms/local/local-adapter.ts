import type { Clock } from '../../core/clock.js';
import type { PlatformAdapter } from '../adapter.js';
import { localChatPort } from './chat-port.js';
import type { LocalWorld } from './world.js';

/**
 * The local chat as a platform: its world is the whole workspace, so there is nothing to connect to. People reach
 * the core through a LocalSession (the terminal, a script, a test), which hands it their lines directly.
 */
export function createLocalAdapter(world: LocalWorld, clock: Clock): PlatformAdapter {
  return {
    platform: 'local',
    chat: localChatPort(world, clock),
    start: async () => undefined,
    tick: (now) => world.deliverDue(now),
    idle: async () => undefined,
    stop: async () => undefined,
  };
}
