/** The figures the core reports; src/server/metrics.ts implements them with prom-client. */
export type Metrics = {
  proposal(kind: string, origin: string): void;
  decision(kind: string, mode: string): void;
  execution(kind: string, outcome: 'executed' | 'failed'): void;
  undo(kind: string, outcome: 'undone' | 'failed' | 'refused'): void;
  approvalLatency(kind: string, seconds: number): void;
  /** A language-model call (or one not made: over budget, circuit open) and the tokens it used. */
  llmCall(outcome: string, tokens: number): void;
};

export const noMetrics: Metrics = {
  proposal() {},
  decision() {},
  execution() {},
  undo() {},
  approvalLatency() {},
  llmCall() {},
};
