import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode side: `apps.connections.open` hands out this WebSocket URL; on connect it says hello, then
 * sends envelopes and collects the app's acknowledgements ({ envelope_id, payload? }).
 */
export class FakeSocketMode {
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  #wss: WebSocketServer | undefined;
  #client: WebSocket | undefined;
  #connected: (() => void)[] = [];
  #pending = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();

  url(base: string): string {
    return `${base.replace(/^http/, 'ws')}/socket?ticket=test`;
  }

  attach(server: Server): void {
    this.#wss = new WebSocketServer({ server, path: '/socket' });
    this.#wss.on('connection', (socket) => {
      this.#client = socket;
      socket.on('message', (data) => {
        const ack = JSON.parse(data.toString()) as { envelope_id: string; payload?: unknown };
        this.acks.push(ack);
        this.#pending.get(ack.envelope_id)?.(ack);
        this.#pending.delete(ack.envelope_id);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake' },
          connection_info: { app_id: 'A0TEST' },
        }),
      );
      for (const resolve of this.#connected.splice(0)) resolve();
    });
  }

  connected(): Promise<void> {
    if (this.#client) return Promise.resolve();
    return new Promise((resolve) => this.#connected.push(resolve));
  }

  /** Sends an envelope and resolves with the app's acknowledgement of it. */
  send(
    envelope: { envelope_id: string } & Record<string, unknown>,
    timeoutMs = 5_000,
  ): Promise<{ envelope_id: string; payload?: unknown }> {
    if (!this.#client) throw new Error('no Socket Mode client is connected');
    const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`envelope ${envelope.envelope_id} was not acknowledged`)),
        timeoutMs,
      );
      this.#pending.set(envelope.envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    this.#client.send(JSON.stringify(envelope));
    return acked;
  }

  async close(): Promise<void> {
    for (const client of this.#wss?.clients ?? []) client.terminate();
    await new Promise((resolve) => (this.#wss ? this.#wss.close(resolve) : resolve(undefined)));
  }
}
