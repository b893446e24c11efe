import { GatewayError } from '../core/errors.js';

/** The user has not connected their account at the upstream yet: the error carries the consent link. */
export class ConsentRequired extends GatewayError {}
