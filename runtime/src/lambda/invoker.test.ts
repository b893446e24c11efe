import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { awsFunctionInvoker, loopbackInvokeSettings, regionOfFunction } from './invoker.js';

describe('loopbackInvokeSettings', () => {
  it('gives an Invoke endpoint on this machine dummy credentials; leaves any other to the SDK', () => {
    const local = { accessKeyId: 'local', secretAccessKey: 'local' };
    expect(loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9001' })).toEqual({
      region: 'us-east-1',
      credentials: local,
    });
    expect(
      loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: 'http://[::1]:9001', AWS_REGION: 'eu-west-1' }),
    ).toEqual({ region: 'eu-west-1', credentials: local });
    // AWS itself, an emulator elsewhere, nothing set, nonsense: the user's own settings
    for (const endpoint of [
      'https://lambda.eu-west-1.amazonaws.com',
      'http://10.0.0.5:4566',
      undefined,
      'not a url',
    ])
      expect(loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: endpoint }), String(endpoint)).toEqual({});
  });
});

describe('awsFunctionInvoker', () => {
  it("invokes a function named by its ARN in the ARN's region, one client per region", async () => {
    const made: (string | undefined)[] = [];
    const invoked: [string | undefined, string][] = [];
    const invoker = awsFunctionInvoker((region) => {
      made.push(region);
      return {
        send: async (command: { input: { FunctionName: string } }) => {
          invoked.push([region, command.input.FunctionName]);
          return { Payload: new TextEncoder().encode('{}') };
        },
      } as unknown as LambdaClient;
    });
    const signal = AbortSignal.timeout(5000);
    const body = new TextEncoder().encode('{}');
    for (const name of [
      'arn:aws:lambda:eu-west-1:123456789012:function:tickets',
      'arn:aws:lambda:eu-west-1:123456789012:function:boards:live',
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:vault',
      'plain-name',
      '123456789012:function:partial',
    ])
      await invoker.invoke(name, body, signal);
    expect(made).toEqual(['eu-west-1', 'us-gov-west-1', undefined]);
    expect(invoked.map(([region]) => region)).toEqual([
      'eu-west-1',
      'eu-west-1',
      'us-gov-west-1',
      undefined,
      undefined,
    ]);
    expect(regionOfFunction('arn:aws-cn:lambda:cn-north-1:123456789012:function:f')).toBe('cn-north-1');
    expect(regionOfFunction('f')).toBeUndefined();
  });
});
