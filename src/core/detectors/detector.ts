import type { CoreDeps } from '../deps.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import type { TProposal } from '../proposal.js';
import type { TSignal } from '../signal.js';
import type { TDetectorOption } from './detector-settings.js';

export type TDetectorContext = {
  deps: CoreDeps;
  now: Date;
  /** Submits a proposal through the policy gate; detectors cannot act any other way. */
  propose(proposal: TProposal): Promise<{ entry: TLedgerEntry; created: boolean }>;
  /**
   * Withdraws the detector's pending proposals whose reason went away, found by their dedupe key (or its prefix,
   * except the keys still current): each is recorded as withdrawn with the reason, and its cards say so.
   */
  withdraw(match: TWithdrawMatch, reason: string): Promise<number>;
};

export type TWithdrawMatch = { key: string } | { prefix: string; except?: readonly string[] };

/**
 * Deterministic and cheap: runs on every signal and on every tick, and only ever proposes. Idempotent: a signal
 * may be processed again after a failure, so every write it makes has a unique key.
 */
export type Detector = {
  readonly name: string;
  /** One line for `/teammate detectors`. */
  readonly description?: string;
  /** Thresholds that can be set per channel. */
  readonly options?: readonly TDetectorOption[];
  onSignal?(signal: TSignal, context: TDetectorContext): Promise<void>;
  onTick?(context: TDetectorContext): Promise<void>;
};
