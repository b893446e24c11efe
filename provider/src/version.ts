/** The provider release; the build stamps the same value into the mirror layout. */
export const PROVIDER_VERSION = '0.1.0';
