/**
 * The parts of undici the guarded HTTP client uses — the keep-alive `Agent`, its connector and the
 * `request` API — imported from their own modules. undici's main entry is CommonJS that loads all of it
 * (fetch, WebSocket, caches, mocks), which no bundler can leave out: about 400 KiB of the gateway's
 * Lambda bundle for code it never runs. The modules are undici's files at a pinned version
 * (runtime/package.json); `guarded-http.test.ts` exercises them.
 */
import type { Dispatcher } from 'undici';
import apiRequest from 'undici/lib/api/api-request.js';
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';

export { Agent, buildConnector };

/** `dispatcher.request(options)`: the main entry adds it to every dispatcher; here it is called as is. */
export function request(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}
