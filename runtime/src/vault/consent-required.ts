import { GatewayError } from '../core/errors.js';

/** The user has not connected their account at the upstream yet: the error carries the consent link. */
export class ConsentRequired extends GatewayError {}

/**
 * The upstream refused the user's token for lacking scopes (step-up): the consent link asks for more. Unlike
 * a first consent, the request reached the upstream.
 */
export class MoreConsentRequired extends ConsentRequired {}
