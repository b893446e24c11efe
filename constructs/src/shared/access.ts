import type { StateStore } from '../../../runtime/src/store/port.js';
import type { FunctionKind } from './props.js';

/**
 * Least privilege, stated once for both flavours: each function gets exactly the DynamoDB actions its
 * code calls. It is derived from two facts: which `StateStore` methods a function's code path calls, and
 * which DynamoDB actions the DynamoDB adapter (runtime/src/store/dynamodb.ts) sends for each method. No
 * wildcard actions and no table administration (no Scan, batch, CreateTable, DeleteTable, UpdateTable).
 */
export type AccessTarget = 'table' | 'adminKeySecret' | 'vaultKey' | 'mcpFunctions';

export interface AccessStatement {
  sid: string;
  actions: readonly string[];
  targets: readonly AccessTarget[];
}

export type StoreMethod = Exclude<keyof StateStore, 'close'>;

/** What the DynamoDB adapter sends for each store method (`increment`: an update, else a create). */
export const storeActions: Record<StoreMethod, readonly string[]> = {
  get: ['dynamodb:GetItem'],
  put: ['dynamodb:PutItem'],
  // a conditional delete marks the item gone under its condition first (store/dynamodb.ts `deleteIf`)
  delete: ['dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
  query: ['dynamodb:Query'],
  increment: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
  incrementWithin: ['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem', 'dynamodb:PutItem'],
};

/**
 * The store methods each function's code path calls. None queries the secondary index today, so
 * `Query` is granted on the table only.
 */
export const storeCalls: Record<FunctionKind, readonly StoreMethod[]> = {
  // Sessions and bridges (mcp/sessions.ts, mcp/bridge.ts: get, put, delete); config reads and api keys
  // (config/reader.ts, auth/api-keys.ts: get); lists read whole (identity providers, access policies and
  // teams in config/reader.ts, the tool catalog in catalog/store.ts: query); rate-limit leases and budget
  // reservations (bounded increments: incrementWithin), budget spend and analytics rollups (increment),
  // budget labels and tripped circuits (update).
  gateway: ['get', 'put', 'delete', 'query', 'increment', 'incrementWithin', 'update'],
  // Config CRUD and paging (management/service.ts, resources.ts, storage.ts); the stored admin key
  // (auth/admin-key.ts: get, put); a user's sign-out counted per workspace (auth/sign-outs.ts: increment).
  management: ['get', 'put', 'delete', 'query', 'increment'],
  // Lists servers, reads each one's last result (failures in a row) and records the new one (mcp/health.ts);
  // syncs the registries due (catalog/registry.ts: config writes through the resource service, whose
  // unique-name claims are released with delete when a write fails).
  health: ['query', 'get', 'put', 'delete'],
};

/** The table statements for a set of store methods: item actions, then `Query` on the table. */
function tableAccess(methods: readonly StoreMethod[]): AccessStatement[] {
  const actions = [...new Set(methods.flatMap((method) => storeActions[method]))];
  const items = actions.filter((action) => action !== 'dynamodb:Query');
  const statements: AccessStatement[] = [];
  if (items.length > 0) statements.push({ sid: 'TableItems', actions: items, targets: ['table'] });
  if (actions.includes('dynamodb:Query')) {
    statements.push({ sid: 'QueryTable', actions: ['dynamodb:Query'], targets: ['table'] });
  }
  return statements;
}

/**
 * Seals and opens with data keys of the vault key (lambda/kms-sealer.ts): the token vault's upstream tokens
 * (gateway), and write-only configuration, sealed where it is written (management, and registry syncs in
 * health) and opened where it is used (all three).
 */
const sealing: AccessStatement = {
  sid: 'SealVault',
  actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
  targets: ['vaultKey'],
};

export const functionAccess: Record<FunctionKind, readonly AccessStatement[]> = {
  gateway: [
    ...tableAccess(storeCalls.gateway),
    sealing,
    // Invokes the functions of `lambda` servers (mcp/upstream/lambda.ts): exactly the `lambdaFunctions` prop's.
    { sid: 'InvokeMcpFunctions', actions: ['lambda:InvokeFunction'], targets: ['mcpFunctions'] },
  ],
  // Reads the admin key from Secrets Manager to authenticate callers (lambda/management.ts).
  management: [
    ...tableAccess(storeCalls.management),
    { sid: 'ReadAdminKey', actions: ['secretsmanager:GetSecretValue'], targets: ['adminKeySecret'] },
    sealing,
  ],
  // Probes `lambda` servers like any other (mcp/health.ts).
  health: [
    ...tableAccess(storeCalls.health),
    sealing,
    { sid: 'InvokeMcpFunctions', actions: ['lambda:InvokeFunction'], targets: ['mcpFunctions'] },
  ],
};

/**
 * The ARN of a function a `lambda` server names: an ARN as it is, a name (or `name:qualifier`) in the
 * stack's own account and region.
 */
export function functionArn(
  fn: string,
  where: { partition: string; region: string; account: string },
): string {
  return fn.startsWith('arn:')
    ? fn
    : `arn:${where.partition}:lambda:${where.region}:${where.account}:function:${fn}`;
}

/** CloudWatch Logs actions each function needs on its own log group (the group itself is pre-created). */
export const logActions = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
