import type express from 'express';
import type { ChatPort } from '../core/chat-port.js';
import type { TPlatform } from '../core/identity.js';
import type { Teammate } from '../core/teammate.js';

/**
 * A chat platform, as the composition root plugs it in (after Bolt's Receiver and Hono's adapters-as-values): a
 * value with its name, its ChatPort (whose optional parts are its capabilities, see core/capabilities.ts), the HTTP
 * routes it serves, and its lifecycle. Adding a platform is writing one of these and putting it in the list.
 */
export type PlatformAdapter = {
  /** Its name: the prefix of its keys (`slack` in `slack:U123`). */
  readonly platform: TPlatform;
  readonly chat: ChatPort;
  /** Mounts its endpoints on the shared HTTP server (Slack's /slack/events), before the server's 404 handler. */
  routes?(app: express.Express): void;
  /** Starts handing events to the core (Socket Mode connects here; HTTP platforms only start listening). */
  start(core: Teammate): Promise<void>;
  /** Time-driven work of its own, run on every heartbeat (the local chat's scheduled messages). */
  tick?(now: Date): void;
  /** Resolves when no acknowledged work (a click, a command) is still running. */
  idle(): Promise<void>;
  /** Waits for acknowledged work, then disconnects. */
  stop(): Promise<void>;
};
