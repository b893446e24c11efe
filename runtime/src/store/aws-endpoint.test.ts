import { describe, expect, it } from 'vitest';
import { isAwsEndpoint } from './aws-endpoint.js';

describe('isAwsEndpoint', () => {
  it("knows AWS's own DynamoDB endpoints (regional, VPC, FIPS, China; http too) from emulators and garbage", () => {
    for (const endpoint of [
      'https://dynamodb.eu-west-1.amazonaws.com',
      'http://dynamodb.us-east-1.amazonaws.com',
      'https://vpce-0abc.dynamodb.eu-west-1.vpce.amazonaws.com',
      'https://dynamodb-fips.us-gov-west-1.amazonaws.com',
      'https://dynamodb.cn-north-1.amazonaws.com.cn',
      'https://dynamodb.eu-west-1.api.aws',
    ])
      expect(isAwsEndpoint(endpoint), endpoint).toBe(true);
    for (const endpoint of [
      'http://127.0.0.1:8000',
      'http://localstack:4566',
      'https://amazonaws.com.evil.test',
      'not a url',
      '',
    ])
      expect(isAwsEndpoint(endpoint), endpoint).toBe(false);
  });
});
