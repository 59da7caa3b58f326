/**
 * Group commit: calls made while the event loop is busy are collected and written in one statement when it next
 * turns (setImmediate), so a burst of deliveries costs one round trip instead of one each. Every caller still
 * waits for its own result. When a batch's write fails, each of its items is written again on its own, so only
 * the caller whose item fails sees the error: one poisoned item never takes its neighbours down.
 */
export class Batcher<I, O> {
  #queue: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  #scheduled = false;
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #max: number;

  constructor(run: (items: I[]) => Promise<O[]>, max = 500) {
    this.#run = run;
    this.#max = max;
  }

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#max);
      try {
        const results = await this.#run(batch.map((b) => b.item));
        for (const [i, b] of batch.entries()) b.resolve(results[i] as O);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        for (const b of batch) {
          try {
            const [result] = await this.#run([b.item]);
            b.resolve(result as O);
          } catch (alone) {
            b.reject(alone);
          }
        }
      }
    }
  }
}
