/**
 * What the invoker uses of the SDK's Lambda client, loaded on demand (`invoker.ts`): importing this module
 * instead of the package keeps the bundle to these exports (a dynamic import keeps a package's every one).
 */
export { InvokeCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
