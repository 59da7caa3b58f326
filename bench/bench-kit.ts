import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

// What the benchmarks share: load generated in a worker process, the requests it times, and the statistics.

export type TLoadResult = { sent: number; ok: number; failed: number; seconds: number; latenciesMs: number[] };

export const emptyResult = (): TLoadResult => ({ sent: 0, ok: 0, failed: 0, seconds: 0, latenciesMs: [] });

/** Runs a load worker (a module that answers one message with its result) in its own process. */
export function runWorker<TSpec, TResult>(module: URL, spec: TSpec): Promise<TResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(module, { execArgv: ['--import', 'tsx'] });
    worker.once('message', (result) => resolve(result as TResult));
    worker.once('error', reject);
    worker.send(spec as object);
  });
}

/** Sends one request and records it: 200 is a success, anything else (or no answer) a failure. */
export async function timed(result: TLoadResult, request: () => Promise<Response>): Promise<void> {
  const started = performance.now();
  result.sent += 1;
  try {
    const response = await request();
    await response.arrayBuffer();
    if (response.status === 200) result.ok += 1;
    else result.failed += 1;
  } catch {
    result.failed += 1;
  }
  result.latenciesMs.push(performance.now() - started);
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
export const median = (values: number[]) => percentile(values, 50);

/** Serves an express app on a loopback port: the URL of `path` on it, and how to stop it. */
export async function serve(app: Express, path: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
