/**
 * Loaded into the conformance suite's process (`node --import`): every request it makes carries the api key
 * in `MCP_GATEWAY_API_KEY`, since the suite itself has no option for a credential. It sets the global
 * dispatcher of the undici the suite uses, which Node's own fetch shares.
 */
import { createRequire } from 'node:module';

const suite = process.argv[1];
const { Agent, setGlobalDispatcher } = createRequire(suite)('undici');
const authorization = `Bearer ${process.env.MCP_GATEWAY_API_KEY}`;

/** The request's headers with the key added, in the shape they came in (a flat array or an object). */
function withKey(headers) {
  if (Array.isArray(headers)) return [...headers, 'authorization', authorization];
  if (headers !== null && typeof headers === 'object' && typeof headers[Symbol.iterator] === 'function')
    return { ...Object.fromEntries(headers), authorization };
  return { ...headers, authorization };
}

setGlobalDispatcher(
  new Agent().compose(
    (dispatch) => (options, handler) => dispatch({ ...options, headers: withKey(options.headers) }, handler),
  ),
);
