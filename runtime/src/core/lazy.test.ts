import { describe, expect, it } from 'vitest';
import { onFirstUse } from './lazy.js';

describe('onFirstUse', () => {
  it('makes the value once, on the first call, for every caller', async () => {
    let made = 0;
    const value = onFirstUse(async () => ({ n: ++made }));
    expect(made).toBe(0);
    const [a, b] = await Promise.all([value(), value()]);
    expect(a).toBe(b);
    expect(await value()).toBe(a);
    expect(made).toBe(1);
  });

  it('tries again after a failure', async () => {
    let calls = 0;
    const value = onFirstUse(async () => {
      calls++;
      if (calls === 1) throw new Error('not yet');
      return 'ok';
    });
    await expect(value()).rejects.toThrow('not yet');
    expect(await value()).toBe('ok');
    expect(calls).toBe(2);
  });
});
