/**
 * The parts of undici the guarded HTTP client uses — the keep-alive `Agent` (its `dispatch`, called with
 * a handler of the client's own) and its connector — imported from their own modules. undici's main entry
 * is CommonJS that loads all of it (fetch, WebSocket, caches, mocks), which no bundler can leave out:
 * about 400 KiB of the gateway's Lambda bundle for code it never runs. The modules are undici's files at
 * a pinned version (runtime/package.json); `guarded-http.test.ts` exercises them.
 */
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';

export { Agent, buildConnector };
