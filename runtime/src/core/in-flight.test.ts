import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('makes one call per key while it is under way, and a new one after it settled (failed too)', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inFlight = new InFlight<string, string>();
    const ask = (key: string) =>
      inFlight.join(key, async () => {
        calls.push(key);
        await gate;
        if (key === 'bad') throw new Error('refused');
        return `${key}!`;
      });
    const answers = Promise.all([ask('a'), ask('a'), ask('b')]);
    const failed = [ask('bad'), ask('bad')].map((p) => p.catch((e: Error) => e.message));
    release();
    expect(await answers).toEqual(['a!', 'a!', 'b!']);
    expect(await Promise.all(failed)).toEqual(['refused', 'refused']);
    expect(calls).toEqual(['a', 'b', 'bad']);
    expect(await ask('a')).toBe('a!');
    expect(calls).toEqual(['a', 'b', 'bad', 'a']);
  });
});
