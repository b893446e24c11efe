/**
 * Calls under way, by what they ask: the same question asked again while one is on its way waits for
 * that answer instead of asking again (a webhook, a token endpoint, an upstream's list). Entries last as
 * long as their call.
 */
export class InFlight<K, V> {
  private readonly pending = new Map<K, Promise<V>>();

  /** The answer of the call under way for `key`, else of the one `start` makes now. */
  join(key: K, start: () => Promise<V>): Promise<V> {
    let answer = this.pending.get(key);
    if (answer === undefined) {
      answer = start().finally(() => this.pending.delete(key));
      this.pending.set(key, answer);
    }
    return answer;
  }
}
