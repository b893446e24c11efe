import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortableWaits, aborted, following } from './abort.js';

describe('abortableWaits', () => {
  it('passes values and failures through, with one abort listener for every wait', async () => {
    const controller = new AbortController();
    const waits = abortableWaits(controller.signal);
    for (let i = 0; i < 100; i++) expect(await waits.wait(Promise.resolve(i))).toBe(i);
    await expect(waits.wait(Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    waits.close();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('answers `aborted` at once when the signal aborts during a wait, and for every wait after it', async () => {
    const controller = new AbortController();
    const waits = abortableWaits(controller.signal);
    let fail: (error: Error) => void = () => undefined;
    const never = new Promise<number>((_, reject) => {
      fail = reject;
    });
    const waiting = waits.wait(never);
    controller.abort();
    expect(await waiting).toBe(aborted);
    // the abandoned promise may still fail: nobody is left to care, and nothing goes unhandled
    fail(new Error('late'));
    expect(await waits.wait(Promise.reject(new Error('ignored')))).toBe(aborted);
    waits.close();
  });
});

describe('following', () => {
  it('aborts with the signal it follows (with its reason), or on its own without touching it', () => {
    const outer = new AbortController();
    const own = following(outer.signal);
    outer.abort('client left');
    expect([own.signal.aborted, own.signal.reason]).toEqual([true, 'client left']);
    const other = new AbortController();
    const stopped = following(other.signal);
    stopped.abort();
    expect([stopped.signal.aborted, other.signal.aborted]).toEqual([true, false]);
    expect(following(AbortSignal.abort('gone')).signal.reason).toBe('gone');
    expect(following(undefined).signal.aborted).toBe(false);
  });
});
