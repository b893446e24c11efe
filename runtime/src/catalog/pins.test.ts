import { describe, expect, it } from 'vitest';
import { FakeClock } from '../management/test-support.js';
import { MemoryStore } from '../store/memory.js';
import { approvePin, PinCache, readPins } from './pins.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('tool pins', () => {
  it('pins the first definition seen, and records each drift once across instances', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const instances = [new PinCache(store, clock, 0), new PinCache(store, clock, 0)];
    await Promise.all(instances.map((pins) => pins.observe('srv_1', 'deploy', A)));
    expect((await readPins(store, 'srv_1')).get('deploy')).toMatchObject({ hash: A });
    // both see the same drift at once: exactly one of them records it
    const recorded = await Promise.all(instances.map((pins) => pins.observe('srv_1', 'deploy', B)));
    expect(recorded.filter(Boolean)).toHaveLength(1);
    expect((await readPins(store, 'srv_1')).get('deploy')).toMatchObject({ hash: A, pendingHash: B });
    // seen again: nothing new; another definition: a new drift
    expect(await instances[0]!.observe('srv_1', 'deploy', B)).toBe(false);
    expect(await instances[1]!.observe('srv_1', 'deploy', C)).toBe(true);
  });

  it('an approval pins the new definition and clears the drift', async () => {
    const clock = new FakeClock();
    const store = new MemoryStore(clock);
    const pins = new PinCache(store, clock, 0);
    await pins.observe('srv_1', 'deploy', A);
    await pins.observe('srv_1', 'deploy', B);
    await approvePin(store, clock, 'srv_1', 'deploy', B, 'admin-key');
    const pin = (await readPins(store, 'srv_1')).get('deploy');
    expect(pin).toMatchObject({ hash: B, approvedBy: 'admin-key' });
    expect(pin?.pendingHash).toBeUndefined();
    expect(await pins.observe('srv_1', 'deploy', B)).toBe(false);
  });
});
