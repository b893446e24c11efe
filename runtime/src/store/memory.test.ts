import { describeStoreContract, manualClock } from './contract.js';
import { MemoryStore } from './memory.js';

describeStoreContract('MemoryStore', async () => {
  const clock = manualClock();
  return { store: new MemoryStore(clock), clock, cleanup: async () => {} };
});
