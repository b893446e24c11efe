import { describe, expect, it } from 'vitest';
import { loadedWhenNeeded, onFirstUse } from './lazy.js';

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

describe('loadedWhenNeeded', () => {
  it('lets requests that do not need the stage pass without loading it; loads it once for those that do', async () => {
    let loads = 0;
    const stage = loadedWhenNeeded<{ guarded: boolean }, string>(
      'guardrails',
      (context) => context.guarded,
      async () => {
        loads++;
        return { name: 'guardrails', run: async (context, next) => `guarded ${await next(context)}` };
      },
    );
    const next = async () => 'answer';
    expect(await stage.run({ guarded: false }, next)).toBe('answer');
    expect(loads).toBe(0);
    expect(
      await Promise.all([stage.run({ guarded: true }, next), stage.run({ guarded: true }, next)]),
    ).toEqual(['guarded answer', 'guarded answer']);
    expect(loads).toBe(1);
    expect(stage.name).toBe('guardrails');
  });
});
