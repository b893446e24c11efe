/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (see `esbuildOptions`): the SDK
 * clients import its `defaultProvider`, whose chain (SSO, shared ini files, credential_process, web
 * identity tokens, IMDS, and the STS/SSO/sign-in clients they load) is about half of the SDK's weight in
 * a bundle, and none of it can apply inside Lambda.
 *
 * Lambda hands a function its execution role's credentials in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), except where it serves them from a container credentials
 * endpoint instead (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, e.g. SnapStart): those are the two links the
 * default chain would reach in Lambda, in the same order and with the same providers (`fromEnv`, then
 * `fromHttp`; the default chain's legacy `fromContainerMetadata` fallback is left out). Credentials are
 * cached until five minutes before they expire, as the default chain does (its refresh runs in the
 * background; smithy's `memoize` awaits it). Local mode and tests never load these bundles: the local
 * runner resolves the SDK from node_modules and sets dummy credentials itself.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import type { defaultProvider as nodeDefaultProvider } from '@aws-sdk/credential-provider-node';
import { CredentialsProviderError, chain, memoize } from '@smithy/core/config';
import type { AwsCredentialIdentity } from '@smithy/types';

type DefaultProviderInit = Parameters<typeof nodeDefaultProvider>[0];

/** The same predicates as credential-provider-node's. */
export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;

export const defaultProvider: typeof nodeDefaultProvider = (init: DefaultProviderInit = {}) => {
  const fromContainer = async (): Promise<AwsCredentialIdentity> => {
    if (
      !process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI &&
      !process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
    ) {
      throw new CredentialsProviderError(
        'Could not load credentials: neither AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY nor a container credentials endpoint is set.',
        { logger: init.logger, tryNextLink: false },
      );
    }
    return fromHttp(init)();
  };
  return memoize(
    chain(fromEnv(init), fromContainer),
    credentialsTreatedAsExpired,
    credentialsWillNeedRefresh,
  );
};
