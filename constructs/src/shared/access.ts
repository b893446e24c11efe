import type { FunctionKind } from './props.js';

/**
 * Least privilege, stated once for both flavours: each function gets only the DynamoDB actions its code
 * calls, item actions on the table and `Query` on the table and its indexes. No wildcard actions and no
 * table administration (no Scan, CreateTable, DeleteTable, UpdateTable).
 */
export type AccessTarget = 'table' | 'tableIndexes' | 'adminKeySecret';

export interface AccessStatement {
  sid: string;
  actions: readonly string[];
  targets: readonly AccessTarget[];
}

const itemActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const query: AccessStatement = {
  sid: 'QueryTableAndIndexes',
  actions: ['dynamodb:Query'],
  targets: ['table', 'tableIndexes'],
};

export const functionAccess: Record<FunctionKind, readonly AccessStatement[]> = {
  // Sessions, counters (rate limits, budgets, circuit breakers), config reads.
  gateway: [{ sid: 'TableItems', actions: itemActions, targets: ['table'] }, query],
  // Config CRUD, paging, bulk reads and writes; reads the admin key to authenticate callers.
  management: [
    {
      sid: 'TableItems',
      actions: [...itemActions, 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
      targets: ['table'],
    },
    query,
    { sid: 'ReadAdminKey', actions: ['secretsmanager:GetSecretValue'], targets: ['adminKeySecret'] },
  ],
  // Lists servers, records their health.
  health: [
    {
      sid: 'TableItems',
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      targets: ['table'],
    },
    query,
  ],
};

/** CloudWatch Logs actions each function needs on its own log group (the group itself is pre-created). */
export const logActions = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
