// DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/resource-model.mjs; run `npm run generate`.
import type { ProviderModel } from '../model/types.js';

export const resourceModel: ProviderModel = {
  "name": "mcpgateway",
  "typePrefix": "mcpgateway_",
  "apiVersion": "0.1.0",
  "resources": [
    {
      "type": "access_policy",
      "terraformType": "mcpgateway_access_policy",
      "schema": "AccessPolicy",
      "plural": "access-policies",
      "path": "/v1/access-policies",
      "description": "A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == \"sre\"`) is refused; `claims`, `arguments` and `headers` take any key.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createAccessPolicy",
          "method": "post",
          "path": "/v1/access-policies"
        },
        "read": {
          "operationId": "getAccessPolicy",
          "method": "get",
          "path": "/v1/access-policies/{id}"
        },
        "update": {
          "operationId": "updateAccessPolicy",
          "method": "put",
          "path": "/v1/access-policies/{id}"
        },
        "delete": {
          "operationId": "deleteAccessPolicy",
          "method": "delete",
          "path": "/v1/access-policies/{id}"
        },
        "list": {
          "operationId": "listAccessPolicies",
          "method": "get",
          "path": "/v1/access-policies"
        },
        "patch": {
          "operationId": "patchAccessPolicy",
          "method": "patch",
          "path": "/v1/access-policies/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "effect",
          "apiName": "effect",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "enum": [
              "allow",
              "deny"
            ]
          }
        },
        {
          "name": "priority",
          "apiName": "priority",
          "description": "Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 1000,
          "validation": {
            "minimum": 0,
            "maximum": 100000
          }
        },
        {
          "name": "subjects",
          "apiName": "subjects",
          "description": "Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean \"nobody\").",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "users",
                "apiName": "users",
                "description": "User ids; `*` matches any run of characters.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minItems": 1,
                  "maxItems": 1000,
                  "element": {
                    "minLength": 1,
                    "maxLength": 256
                  }
                }
              },
              {
                "name": "teams",
                "apiName": "teams",
                "description": "Teams (by name, of the policy's workspace).",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minItems": 1,
                  "maxItems": 64,
                  "element": {
                    "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
                    "minLength": 1,
                    "maxLength": 64
                  }
                }
              },
              {
                "name": "claims",
                "apiName": "claims",
                "description": "",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "object",
                    "attributes": [
                      {
                        "name": "claim",
                        "apiName": "claim",
                        "description": "",
                        "type": {
                          "kind": "string"
                        },
                        "required": true,
                        "optional": false,
                        "computed": false,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false,
                        "validation": {
                          "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                          "minLength": 1,
                          "maxLength": 256
                        }
                      },
                      {
                        "name": "op",
                        "apiName": "op",
                        "description": "",
                        "type": {
                          "kind": "string"
                        },
                        "required": true,
                        "optional": false,
                        "computed": false,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false,
                        "validation": {
                          "enum": [
                            "equals",
                            "notEquals",
                            "in",
                            "notIn",
                            "contains",
                            "matches",
                            "exists"
                          ]
                        }
                      },
                      {
                        "name": "values",
                        "apiName": "values",
                        "description": "",
                        "type": {
                          "kind": "list",
                          "element": {
                            "kind": "string"
                          }
                        },
                        "required": false,
                        "optional": true,
                        "computed": false,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false,
                        "validation": {
                          "maxItems": 64,
                          "element": {
                            "maxLength": 512
                          }
                        }
                      }
                    ]
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minItems": 1,
                  "maxItems": 16
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "servers",
          "apiName": "servers",
          "description": "Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "tools",
          "apiName": "tools",
          "description": "Tool names (`*` wildcard) the rule is about.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "prompts",
          "apiName": "prompts",
          "description": "Prompt names (`*` wildcard) the rule is about.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "resources",
          "apiName": "resources",
          "description": "Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 256,
            "element": {
              "minLength": 1,
              "maxLength": 2048
            }
          }
        },
        {
          "name": "methods",
          "apiName": "methods",
          "description": "MCP methods (`*` wildcard, `resources/*`) the rule is about.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 64,
            "element": {
              "pattern": "^[A-Za-z0-9_/*.-]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "condition",
          "apiName": "condition",
          "description": "A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith(\"/tmp/\")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minLength": 1,
            "maxLength": 4096
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "api_key",
      "terraformType": "mcpgateway_api_key",
      "schema": "ApiKey",
      "plural": "api-keys",
      "path": "/v1/api-keys",
      "description": "A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createApiKey",
          "method": "post",
          "path": "/v1/api-keys"
        },
        "read": {
          "operationId": "getApiKey",
          "method": "get",
          "path": "/v1/api-keys/{id}"
        },
        "update": {
          "operationId": "updateApiKey",
          "method": "put",
          "path": "/v1/api-keys/{id}"
        },
        "delete": {
          "operationId": "deleteApiKey",
          "method": "delete",
          "path": "/v1/api-keys/{id}"
        },
        "list": {
          "operationId": "listApiKeys",
          "method": "get",
          "path": "/v1/api-keys"
        },
        "patch": {
          "operationId": "patchApiKey",
          "method": "patch",
          "path": "/v1/api-keys/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "What the key is for (for example the device); unique among keys. A new name holds no control characters.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minLength": 1,
            "maxLength": 128
          }
        },
        {
          "name": "user",
          "apiName": "user",
          "description": "The user the key authenticates as.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minLength": 1,
            "maxLength": 256
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace (by name) the key belongs to.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "expires_at",
          "apiName": "expiresAt",
          "description": "After this instant the key no longer authenticates.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "secret",
          "apiName": "secret",
          "description": "The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[A-Za-z0-9._~+/=-]+$",
            "minLength": 32,
            "maxLength": 256
          }
        },
        {
          "name": "secret_version",
          "apiName": null,
          "description": "Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "secret"
        },
        {
          "name": "prefix",
          "apiName": "prefix",
          "description": "The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "servers",
          "apiName": "servers",
          "description": "Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "emptyDiffers": true,
          "validation": {
            "maxItems": 100,
            "element": {
              "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
              "minLength": 1,
              "maxLength": 64
            }
          }
        },
        {
          "name": "last_used_at",
          "apiName": "lastUsedAt",
          "description": "When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "previous_secret_expires_at",
          "apiName": "previousSecretExpiresAt",
          "description": "After a rotation, the previous secret keeps working until this instant.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        }
      ]
    },
    {
      "type": "budget",
      "terraformType": "mcpgateway_budget",
      "schema": "Budget",
      "plural": "budgets",
      "path": "/v1/budgets",
      "description": "At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createBudget",
          "method": "post",
          "path": "/v1/budgets"
        },
        "read": {
          "operationId": "getBudget",
          "method": "get",
          "path": "/v1/budgets/{id}"
        },
        "update": {
          "operationId": "updateBudget",
          "method": "put",
          "path": "/v1/budgets/{id}"
        },
        "delete": {
          "operationId": "deleteBudget",
          "method": "delete",
          "path": "/v1/budgets/{id}"
        },
        "list": {
          "operationId": "listBudgets",
          "method": "get",
          "path": "/v1/budgets"
        },
        "patch": {
          "operationId": "patchBudget",
          "method": "patch",
          "path": "/v1/budgets/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "servers",
          "apiName": "servers",
          "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "tools",
          "apiName": "tools",
          "description": "Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "per",
          "apiName": "per",
          "description": "What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": [
            "user"
          ],
          "validation": {
            "maxItems": 5,
            "uniqueItems": true,
            "element": {
              "enum": [
                "user",
                "team",
                "workspace",
                "server",
                "tool"
              ]
            }
          }
        },
        {
          "name": "amount",
          "apiName": "amount",
          "description": "",
          "type": {
            "kind": "number",
            "integer": false
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maximum": 1000000000,
            "exclusiveMinimum": 0
          }
        },
        {
          "name": "period",
          "apiName": "period",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "enum": [
              "day",
              "month"
            ]
          }
        },
        {
          "name": "alert_at",
          "apiName": "alertAt",
          "description": "",
          "type": {
            "kind": "set",
            "element": {
              "kind": "number",
              "integer": false
            }
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": [
            0.8
          ],
          "validation": {
            "maxItems": 8,
            "uniqueItems": true,
            "element": {
              "maximum": 1,
              "exclusiveMinimum": 0
            }
          }
        },
        {
          "name": "action",
          "apiName": "action",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "block",
          "validation": {
            "enum": [
              "alert",
              "block"
            ]
          }
        },
        {
          "name": "webhook",
          "apiName": "webhook",
          "description": "A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "guardrail",
      "terraformType": "mcpgateway_guardrail",
      "schema": "Guardrail",
      "plural": "guardrails",
      "path": "/v1/guardrails",
      "description": "Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{\"action\": \"allow\" | \"block\" | \"redact\", \"reason\"?, \"payload\"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createGuardrail",
          "method": "post",
          "path": "/v1/guardrails"
        },
        "read": {
          "operationId": "getGuardrail",
          "method": "get",
          "path": "/v1/guardrails/{id}"
        },
        "update": {
          "operationId": "updateGuardrail",
          "method": "put",
          "path": "/v1/guardrails/{id}"
        },
        "delete": {
          "operationId": "deleteGuardrail",
          "method": "delete",
          "path": "/v1/guardrails/{id}"
        },
        "list": {
          "operationId": "listGuardrails",
          "method": "get",
          "path": "/v1/guardrails"
        },
        "patch": {
          "operationId": "patchGuardrail",
          "method": "patch",
          "path": "/v1/guardrails/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "servers",
          "apiName": "servers",
          "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "tools",
          "apiName": "tools",
          "description": "Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "direction",
          "apiName": "direction",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "both",
          "validation": {
            "enum": [
              "input",
              "output",
              "both"
            ]
          }
        },
        {
          "name": "detectors",
          "apiName": "detectors",
          "description": "",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 16,
            "uniqueItems": true,
            "element": {
              "enum": [
                "email",
                "phone",
                "us-ssn",
                "uk-nino",
                "ca-sin",
                "payment-card",
                "iban",
                "ip-address",
                "aws-access-key",
                "private-key",
                "jwt",
                "high-entropy"
              ]
            }
          }
        },
        {
          "name": "patterns",
          "apiName": "patterns",
          "description": "Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "element": {
              "minLength": 1,
              "maxLength": 512
            }
          }
        },
        {
          "name": "keywords",
          "apiName": "keywords",
          "description": "Words whose occurrences (case-insensitive, whole words) are findings.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "max_bytes",
          "apiName": "maxBytes",
          "description": "A payload larger than this (as JSON) is a finding that redaction cannot remove.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minimum": 1,
            "maximum": 16777216
          }
        },
        {
          "name": "action",
          "apiName": "action",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "block",
          "validation": {
            "enum": [
              "block",
              "redact",
              "log"
            ]
          }
        },
        {
          "name": "webhook",
          "apiName": "webhook",
          "description": "A webhook (by name, of the workspace) asked to scan the payload too.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "definitions",
          "apiName": "definitions",
          "description": "Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": false
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "identity_provider",
      "terraformType": "mcpgateway_identity_provider",
      "schema": "IdentityProvider",
      "plural": "identity-providers",
      "path": "/v1/identity-providers",
      "description": "An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createIdentityProvider",
          "method": "post",
          "path": "/v1/identity-providers"
        },
        "read": {
          "operationId": "getIdentityProvider",
          "method": "get",
          "path": "/v1/identity-providers/{id}"
        },
        "update": {
          "operationId": "updateIdentityProvider",
          "method": "put",
          "path": "/v1/identity-providers/{id}"
        },
        "delete": {
          "operationId": "deleteIdentityProvider",
          "method": "delete",
          "path": "/v1/identity-providers/{id}"
        },
        "list": {
          "operationId": "listIdentityProviders",
          "method": "get",
          "path": "/v1/identity-providers"
        },
        "patch": {
          "operationId": "patchIdentityProvider",
          "method": "patch",
          "path": "/v1/identity-providers/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace (by name) whose servers accept the provider's tokens.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "A disabled provider's tokens are refused.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "issuer",
          "apiName": "issuer",
          "description": "The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "jwks_uri",
          "apiName": "jwksUri",
          "description": "The provider's JSON Web Key Set; read from the discovery document when unset.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "audiences",
          "apiName": "audiences",
          "description": "`aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "element": {
              "minLength": 1,
              "maxLength": 2048
            }
          }
        },
        {
          "name": "algorithms",
          "apiName": "algorithms",
          "description": "The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 10,
            "element": {
              "enum": [
                "RS256",
                "RS384",
                "RS512",
                "PS256",
                "PS384",
                "PS512",
                "ES256",
                "ES384",
                "ES512",
                "EdDSA"
              ]
            }
          }
        },
        {
          "name": "clock_skew_seconds",
          "apiName": "clockSkewSeconds",
          "description": "Tolerance for `exp`, `nbf` and `iat` against the gateway's clock.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 60,
          "validation": {
            "minimum": 0,
            "maximum": 300
          }
        },
        {
          "name": "required_claims",
          "apiName": "requiredClaims",
          "description": "Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 256
            }
          }
        },
        {
          "name": "claims",
          "apiName": "claims",
          "description": "Which token claims make the principal.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "user",
                "apiName": "user",
                "description": "The claim holding the user id.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "sub",
                "validation": {
                  "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "email",
                "apiName": "email",
                "description": "The claim holding the user's email address (optional in tokens).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "email",
                "validation": {
                  "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "teams",
                "apiName": "teams",
                "description": "The claim holding the user's teams (a list, or one space-separated string).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "groups",
                "validation": {
                  "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "workspace",
                "apiName": "workspace",
                "description": "A claim naming the workspace of the user. When set, the provider's tokens serve the workspace the claim names (whatever workspace the provider is registered in); when unset, only the provider's own workspace.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                  "minLength": 1,
                  "maxLength": 256
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "roles",
          "apiName": "roles",
          "description": "Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "claim",
                "apiName": "claim",
                "description": "The claim holding the caller's roles (a list, or one space-separated string).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "roles",
                "validation": {
                  "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "admin",
                "apiName": "admin",
                "description": "Claim values that make the caller an admin.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "minLength": 1,
                    "maxLength": 256
                  }
                }
              },
              {
                "name": "workspace_admin",
                "apiName": "workspaceAdmin",
                "description": "Claim values that make the caller an admin of its workspace.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "minLength": 1,
                    "maxLength": 256
                  }
                }
              },
              {
                "name": "viewer",
                "apiName": "viewer",
                "description": "Claim values that let the caller read its workspace.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "minLength": 1,
                    "maxLength": 256
                  }
                }
              },
              {
                "name": "audiences",
                "apiName": "audiences",
                "description": "`aud` values accepted at the management API besides `<gateway>/v1`, for providers that cannot issue tokens per resource (an API identifier of the management API's own). Never an MCP server's resource (`…/mcp/{server}`) nor one the provider's `audiences` name: a token a client holds for MCP servers is no management credential.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "minLength": 1,
                    "maxLength": 2048
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "login",
          "apiName": "login",
          "description": "Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "client_id",
                "apiName": "clientId",
                "description": "The gateway's client id at the provider.",
                "type": {
                  "kind": "string"
                },
                "required": true,
                "optional": false,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "client_secret",
                "apiName": "clientSecret",
                "description": "The gateway's client secret at the provider, presented at its token endpoint by the token endpoint auth method. Never returned.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": true,
                "writeOnly": true,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minLength": 1,
                  "maxLength": 512
                },
                "destinations": [
                  "issuer"
                ]
              },
              {
                "name": "client_secret_version",
                "apiName": null,
                "description": "Change this value to send a new `client_secret` (write-only, so Terraform cannot see its changes).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "triggersWriteOnly": "client_secret"
              },
              {
                "name": "token_endpoint_auth_method",
                "apiName": "tokenEndpointAuthMethod",
                "description": "How the client secret is presented at the provider's token endpoint (RFC 6749 section 2.3.1).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "client_secret_basic",
                "validation": {
                  "enum": [
                    "client_secret_basic",
                    "client_secret_post"
                  ]
                }
              },
              {
                "name": "scopes",
                "apiName": "scopes",
                "description": "Scopes asked of the provider besides `openid`.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 16,
                  "element": {
                    "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "vault_link_sign_in",
                "apiName": "vaultLinkSignIn",
                "description": "Whether a token vault consent link of a user signed in through this provider (directly, or through the gateway's own sign-in with it) asks the person at the browser to sign in here as that user before anything is connected (MCP's URL-elicitation phishing guard); anyone else is refused and the link is spent. Turn off for a provider whose tokens' users cannot sign in at a browser (machines) or whose ID tokens name users otherwise than its access tokens: the link's page then only names its user.",
                "type": {
                  "kind": "bool"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": true
              },
              {
                "name": "grant_lifetime_seconds",
                "apiName": "grantLifetimeSeconds",
                "description": "How long a person's grant at the gateway lasts however often its client refreshes it (90 days at most): then the person signs in here again, and the gateway learns their teams and claims anew (they are kept from the sign-in until then). Read at every refresh: shortening it ends longer grants at their next refresh. A grant whose provider is deleted or disabled ends too (grants of sign-ins before this setting existed last their 90 days).",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 7776000,
                "validation": {
                  "minimum": 300,
                  "maximum": 7776000
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "oauth_client",
      "terraformType": "mcpgateway_oauth_client",
      "schema": "OAuthClient",
      "plural": "oauth-clients",
      "path": "/v1/oauth-clients",
      "description": "A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createOAuthClient",
          "method": "post",
          "path": "/v1/oauth-clients"
        },
        "read": {
          "operationId": "getOAuthClient",
          "method": "get",
          "path": "/v1/oauth-clients/{id}"
        },
        "update": {
          "operationId": "updateOAuthClient",
          "method": "put",
          "path": "/v1/oauth-clients/{id}"
        },
        "delete": {
          "operationId": "deleteOAuthClient",
          "method": "delete",
          "path": "/v1/oauth-clients/{id}"
        },
        "list": {
          "operationId": "listOAuthClients",
          "method": "get",
          "path": "/v1/oauth-clients"
        },
        "patch": {
          "operationId": "patchOAuthClient",
          "method": "patch",
          "path": "/v1/oauth-clients/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace (by name) whose servers the client's tokens reach.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "A disabled client obtains no tokens; tokens already issued run out within their lifetime.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "subject",
          "apiName": "subject",
          "description": "The user id the client's tokens carry (`sub`); the client's name when unset.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minLength": 1,
            "maxLength": 256
          }
        },
        {
          "name": "token_endpoint_auth_method",
          "apiName": "tokenEndpointAuthMethod",
          "description": "How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "replaceAcross": [
            [
              "client_secret_basic",
              "client_secret_post"
            ],
            [
              "private_key_jwt",
              "none"
            ]
          ],
          "volatile": false,
          "createOnly": false,
          "default": "client_secret_basic",
          "validation": {
            "enum": [
              "client_secret_basic",
              "client_secret_post",
              "private_key_jwt",
              "none"
            ]
          }
        },
        {
          "name": "redirect_uris",
          "apiName": "redirectUris",
          "description": "Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 16,
            "element": {
              "maxLength": 2048,
              "format": "uri"
            }
          }
        },
        {
          "name": "metadata_document",
          "apiName": "metadataDocument",
          "description": "For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "registered_by",
          "apiName": "registeredBy",
          "description": "How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "enum": [
              "admin",
              "dynamic-registration",
              "metadata-document"
            ]
          }
        },
        {
          "name": "secret",
          "apiName": "secret",
          "description": "The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[A-Za-z0-9._~+/=-]+$",
            "minLength": 32,
            "maxLength": 256
          }
        },
        {
          "name": "secret_version",
          "apiName": null,
          "description": "Change this value whenever `secret` changes (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "secret"
        },
        {
          "name": "jwks_uri",
          "apiName": "jwksUri",
          "description": "Where the client publishes the keys of its `private_key_jwt` assertions.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "access_token_ttl_seconds",
          "apiName": "accessTokenTtlSeconds",
          "description": "Lifetime of the access tokens the client obtains.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 900,
          "validation": {
            "minimum": 60,
            "maximum": 3600
          }
        },
        {
          "name": "scopes",
          "apiName": "scopes",
          "description": "The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "element": {
              "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "rate_limit",
      "terraformType": "mcpgateway_rate_limit",
      "schema": "RateLimit",
      "plural": "rate-limits",
      "path": "/v1/rate-limits",
      "description": "At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createRateLimit",
          "method": "post",
          "path": "/v1/rate-limits"
        },
        "read": {
          "operationId": "getRateLimit",
          "method": "get",
          "path": "/v1/rate-limits/{id}"
        },
        "update": {
          "operationId": "updateRateLimit",
          "method": "put",
          "path": "/v1/rate-limits/{id}"
        },
        "delete": {
          "operationId": "deleteRateLimit",
          "method": "delete",
          "path": "/v1/rate-limits/{id}"
        },
        "list": {
          "operationId": "listRateLimits",
          "method": "get",
          "path": "/v1/rate-limits"
        },
        "patch": {
          "operationId": "patchRateLimit",
          "method": "patch",
          "path": "/v1/rate-limits/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "servers",
          "apiName": "servers",
          "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "tools",
          "apiName": "tools",
          "description": "Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "per",
          "apiName": "per",
          "description": "What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": [
            "user"
          ],
          "validation": {
            "maxItems": 5,
            "uniqueItems": true,
            "element": {
              "enum": [
                "user",
                "team",
                "workspace",
                "server",
                "tool"
              ]
            }
          }
        },
        {
          "name": "limit",
          "apiName": "limit",
          "description": "",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minimum": 1,
            "maximum": 1000000000
          }
        },
        {
          "name": "window",
          "apiName": "window",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "enum": [
              "second",
              "minute",
              "hour",
              "day"
            ]
          }
        },
        {
          "name": "algorithm",
          "apiName": "algorithm",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "sliding-window",
          "validation": {
            "enum": [
              "sliding-window",
              "token-bucket"
            ]
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "registry",
      "terraformType": "mcpgateway_registry",
      "schema": "Registry",
      "plural": "registries",
      "path": "/v1/registries",
      "description": "An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createRegistry",
          "method": "post",
          "path": "/v1/registries"
        },
        "read": {
          "operationId": "getRegistry",
          "method": "get",
          "path": "/v1/registries/{id}"
        },
        "update": {
          "operationId": "updateRegistry",
          "method": "put",
          "path": "/v1/registries/{id}"
        },
        "delete": {
          "operationId": "deleteRegistry",
          "method": "delete",
          "path": "/v1/registries/{id}"
        },
        "list": {
          "operationId": "listRegistries",
          "method": "get",
          "path": "/v1/registries"
        },
        "patch": {
          "operationId": "patchRegistry",
          "method": "patch",
          "path": "/v1/registries/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace its servers are imported into.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "url",
          "apiName": "url",
          "description": "The registry's base URL; the listing is read at `<url>/v0.1/servers`.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "include",
          "apiName": "include",
          "description": "Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 256,
            "element": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "namespaces",
          "apiName": "namespaces",
          "description": "Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "element": {
              "minLength": 1,
              "maxLength": 256
            }
          }
        },
        {
          "name": "schedule",
          "apiName": "schedule",
          "description": "How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[1-9][0-9]{0,3}[mhd]$"
          }
        },
        {
          "name": "headers",
          "apiName": "headers",
          "description": "Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 16,
            "keys": {
              "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
              "maxLength": 256
            },
            "element": {
              "maxLength": 4096
            }
          },
          "destinations": [
            "url"
          ]
        },
        {
          "name": "headers_version",
          "apiName": null,
          "description": "Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "headers"
        },
        {
          "name": "last_sync",
          "apiName": "lastSync",
          "description": "The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`).",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "at",
                "apiName": "at",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "format": "date-time"
                }
              },
              {
                "name": "created",
                "apiName": "created",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "updated",
                "apiName": "updated",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "disabled",
                "apiName": "disabled",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "skipped",
                "apiName": "skipped",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "error",
                "apiName": "error",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              }
            ]
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "server",
      "terraformType": "mcpgateway_server",
      "schema": "Server",
      "plural": "servers",
      "path": "/v1/servers",
      "description": "An upstream MCP server, reachable through the gateway at `/mcp/{name}`.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createServer",
          "method": "post",
          "path": "/v1/servers"
        },
        "read": {
          "operationId": "getServer",
          "method": "get",
          "path": "/v1/servers/{id}"
        },
        "update": {
          "operationId": "updateServer",
          "method": "put",
          "path": "/v1/servers/{id}"
        },
        "delete": {
          "operationId": "deleteServer",
          "method": "delete",
          "path": "/v1/servers/{id}"
        },
        "list": {
          "operationId": "listServers",
          "method": "get",
          "path": "/v1/servers"
        },
        "patch": {
          "operationId": "patchServer",
          "method": "patch",
          "path": "/v1/servers/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name; clients connect to `/mcp/{name}`.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace (by name) the server belongs to.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "url",
          "apiName": "url",
          "description": "The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "transport",
          "apiName": "transport",
          "description": "`streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "streamable-http",
          "validation": {
            "enum": [
              "streamable-http",
              "stateless-http",
              "sse",
              "openapi",
              "lambda",
              "virtual"
            ]
          }
        },
        {
          "name": "openapi",
          "apiName": "openapi",
          "description": "The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "url",
                "apiName": "url",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[hH][tT][tT][pP][sS]?://",
                  "maxLength": 2048,
                  "format": "uri"
                }
              },
              {
                "name": "document",
                "apiName": "document",
                "description": "The OpenAPI document itself, instead of `url` (not both). It is stored with the server: a server whose stored form passes the store's item limit (400 KB on DynamoDB) or nests deeper than 24 levels (counted from the request body) is refused, so a large document belongs at a `url`. A patch giving `document` replaces the stored one whole (it is not merged) and drops a stored `url`; a patch giving `url` drops a stored `document`.",
                "type": {
                  "kind": "json"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "base_url",
                "apiName": "baseUrl",
                "description": "Where the API is called; the server's `url` (or each of its `targets`) when unset. Not with `targets`.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[hH][tT][tT][pP][sS]?://",
                  "maxLength": 2048,
                  "format": "uri"
                }
              },
              {
                "name": "operations",
                "apiName": "operations",
                "description": "The operationIds (`*` wildcard) to offer; every operation when unset. At most 1,000 operations are offered: a larger API answers an error until some are selected. Each operation's schemas are expanded from their `$ref`s up to a bound, and the whole document's up to another; past them a schema is left open (`{}`).",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 256,
                  "element": {
                    "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "function",
          "apiName": "function",
          "description": "The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?$",
            "minLength": 1,
            "maxLength": 170
          }
        },
        {
          "name": "members",
          "apiName": "members",
          "description": "The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "object",
              "attributes": [
                {
                  "name": "server",
                  "apiName": "server",
                  "description": "The member server (by name, of the virtual server's workspace).",
                  "type": {
                    "kind": "string"
                  },
                  "required": true,
                  "optional": false,
                  "computed": false,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "validation": {
                    "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
                    "minLength": 1,
                    "maxLength": 64
                  }
                },
                {
                  "name": "prefix",
                  "apiName": "prefix",
                  "description": "Put before each of the member's tool and prompt names (for example `github_`).",
                  "type": {
                    "kind": "string"
                  },
                  "required": false,
                  "optional": true,
                  "computed": false,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "validation": {
                    "pattern": "^[A-Za-z0-9_.-]+$",
                    "minLength": 1,
                    "maxLength": 32
                  }
                },
                {
                  "name": "rename",
                  "apiName": "rename",
                  "description": "Explicit new names of some of the member's tools and prompts (by their own name); the prefix is not added to them.",
                  "type": {
                    "kind": "map",
                    "element": {
                      "kind": "string"
                    }
                  },
                  "required": false,
                  "optional": true,
                  "computed": false,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "validation": {
                    "maxItems": 256,
                    "keys": {
                      "minLength": 1,
                      "maxLength": 128
                    },
                    "element": {
                      "pattern": "^[A-Za-z0-9_.-]+$",
                      "minLength": 1,
                      "maxLength": 128
                    }
                  }
                }
              ]
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 16
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "disabled_at",
          "apiName": "disabledAt",
          "description": "When the server was last disabled; sessions opened before this time are ended.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "enabled_at",
          "apiName": "enabledAt",
          "description": "When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "timeout_ms",
          "apiName": "timeoutMs",
          "description": "Time allowed for one upstream request, including a streamed response.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 60000,
          "validation": {
            "minimum": 100,
            "maximum": 900000
          }
        },
        {
          "name": "headers",
          "apiName": "headers",
          "description": "Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed).",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "keys": {
              "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
              "maxLength": 256
            },
            "element": {
              "maxLength": 4096
            }
          },
          "destinations": [
            "url",
            "openapi.url",
            "openapi.base_url",
            "function",
            "credentials.token_url",
            "credentials.authorization_server",
            "targets"
          ]
        },
        {
          "name": "headers_version",
          "apiName": null,
          "description": "Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "headers"
        },
        {
          "name": "tools",
          "apiName": "tools",
          "description": "Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "allow",
                "apiName": "allow",
                "description": "Only tools whose name matches one of these patterns are offered (every tool when unset, none when empty); `*` in a pattern matches any run of characters.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "emptyDiffers": true,
                "validation": {
                  "maxItems": 256,
                  "element": {
                    "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "deny",
                "apiName": "deny",
                "description": "Tools whose name matches one of these patterns are never offered; deny wins over allow.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 256,
                  "element": {
                    "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "read_only",
                "apiName": "readOnly",
                "description": "Only tools annotated `readOnlyHint: true` are offered. Requires `trustAnnotations: true` on the server, since annotations are the upstream's own hints.",
                "type": {
                  "kind": "bool"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": false
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "authn_webhook",
          "apiName": "authnWebhook",
          "description": "The authentication webhook for this server (by name, of its workspace); else the workspace's.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "authz_webhook",
          "apiName": "authzWebhook",
          "description": "The authorization webhook for this server (by name, of its workspace); else the workspace's.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "identity",
          "apiName": "identity",
          "description": "Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "forward_jwt",
                "apiName": "forwardJwt",
                "description": "An HTTP field name (an RFC 9110 token).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
                  "maxLength": 256
                }
              },
              {
                "name": "headers",
                "apiName": "headers",
                "description": "",
                "type": {
                  "kind": "map",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 8,
                  "keys": {
                    "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
                    "maxLength": 256
                  },
                  "element": {
                    "enum": [
                      "user",
                      "email",
                      "teams",
                      "workspace",
                      "method"
                    ]
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "credentials",
          "apiName": "credentials",
          "description": "Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "kind",
                "apiName": "kind",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": true,
                "optional": false,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "enum": [
                    "client-credentials",
                    "token-exchange",
                    "user-oauth"
                  ]
                }
              },
              {
                "name": "token_url",
                "apiName": "tokenUrl",
                "description": "The token endpoint (client-credentials, token-exchange), reached through the gateway's outbound address guard.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[hH][tT][tT][pP][sS]?://",
                  "maxLength": 2048,
                  "format": "uri"
                }
              },
              {
                "name": "authorization_server",
                "apiName": "authorizationServer",
                "description": "For user-oauth, the issuer of the upstream's authorization server, when its protected resource metadata does not name it. Required with a `clientSecret` (the secret goes to this issuer only, never to one the upstream names).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[hH][tT][tT][pP][sS]?://",
                  "maxLength": 2048,
                  "format": "uri"
                }
              },
              {
                "name": "client_id",
                "apiName": "clientId",
                "description": "The gateway's client id at the token endpoint (required for client-credentials; for user-oauth, registered dynamically when absent, each registered client with a redirect URI of its own; a configured one is registered with the redirect URI `<gateway>/oauth/upstream/callback`).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              {
                "name": "client_secret",
                "apiName": "clientSecret",
                "description": "The gateway's client secret there. Never returned.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": true,
                "writeOnly": true,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minLength": 1,
                  "maxLength": 512
                },
                "destinations": [
                  "url",
                  "openapi.url",
                  "openapi.base_url",
                  "function",
                  "credentials.token_url",
                  "credentials.authorization_server",
                  "targets"
                ]
              },
              {
                "name": "client_secret_version",
                "apiName": null,
                "description": "Change this value to send a new `client_secret` (write-only, so Terraform cannot see its changes).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "triggersWriteOnly": "client_secret"
              },
              {
                "name": "auth_method",
                "apiName": "authMethod",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "client_secret_basic",
                "validation": {
                  "enum": [
                    "client_secret_basic",
                    "client_secret_post"
                  ]
                }
              },
              {
                "name": "scopes",
                "apiName": "scopes",
                "description": "",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "step_up_scopes",
                "apiName": "stepUpScopes",
                "description": "For user-oauth, the scopes beyond `scopes` the upstream may have a user asked for (step-up authorization): when it refuses a user's token with 403 `insufficient_scope` naming only scopes of `scopes` and this list, the user gets a new consent link (-32042) for them, besides those already granted. A refusal naming any other scope is passed on as a refusal. None by default.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "audience",
                "apiName": "audience",
                "description": "The `audience` parameter (RFC 8693), when the token service wants one.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxLength": 2048
                }
              },
              {
                "name": "resource",
                "apiName": "resource",
                "description": "The `resource` parameter (RFC 8707), when the token endpoint wants one.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxLength": 2048
                }
              },
              {
                "name": "subject_token",
                "apiName": "subjectToken",
                "description": "For token-exchange, what the caller is represented by. With `user-token` the token service sees every caller's own token (valid wherever its audience is accepted), so only an admin sets it or changes its `tokenUrl` (403 `forbidden`).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "gateway-assertion",
                "validation": {
                  "enum": [
                    "user-token",
                    "gateway-assertion"
                  ]
                }
              },
              {
                "name": "header",
                "apiName": "header",
                "description": "The header the token is sent in (`Authorization` by default, as `Bearer <token>`; any other header carries the token alone).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
                  "maxLength": 256
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "tool_timeouts_ms",
          "apiName": "toolTimeoutsMs",
          "description": "Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "number",
              "integer": true
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
              "minLength": 1,
              "maxLength": 128
            },
            "element": {
              "minimum": 100,
              "maximum": 900000
            }
          }
        },
        {
          "name": "pricing",
          "apiName": "pricing",
          "description": "What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "per_call",
                "apiName": "perCall",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": false
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 1,
                "validation": {
                  "minimum": 0,
                  "maximum": 1000000
                }
              },
              {
                "name": "tools",
                "apiName": "tools",
                "description": "Per-tool prices (tool name patterns, `*` wildcard) that replace `perCall`; a tool's own name wins, else the pattern with the most characters besides `*`.",
                "type": {
                  "kind": "map",
                  "element": {
                    "kind": "number",
                    "integer": false
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 256,
                  "keys": {
                    "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                    "minLength": 1,
                    "maxLength": 128
                  },
                  "element": {
                    "minimum": 0,
                    "maximum": 1000000
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "targets",
          "apiName": "targets",
          "description": "Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "object",
              "attributes": [
                {
                  "name": "url",
                  "apiName": "url",
                  "description": "",
                  "type": {
                    "kind": "string"
                  },
                  "required": true,
                  "optional": false,
                  "computed": false,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "validation": {
                    "pattern": "^[hH][tT][tT][pP][sS]?://",
                    "maxLength": 2048,
                    "format": "uri"
                  }
                },
                {
                  "name": "weight",
                  "apiName": "weight",
                  "description": "The share of traffic within its priority; 0 drains the target (it is tried only after every target with a weight, of any priority).",
                  "type": {
                    "kind": "number",
                    "integer": true
                  },
                  "required": false,
                  "optional": true,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "default": 1,
                  "validation": {
                    "minimum": 0,
                    "maximum": 1000
                  }
                },
                {
                  "name": "priority",
                  "apiName": "priority",
                  "description": "Lower first; higher priorities take traffic only when every lower one is unreachable or open.",
                  "type": {
                    "kind": "number",
                    "integer": true
                  },
                  "required": false,
                  "optional": true,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false,
                  "default": 0,
                  "validation": {
                    "minimum": 0,
                    "maximum": 100
                  }
                }
              ]
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minItems": 1,
            "maxItems": 16
          }
        },
        {
          "name": "fallbacks",
          "apiName": "fallbacks",
          "description": "Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 4,
            "uniqueItems": true,
            "element": {
              "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
              "minLength": 1,
              "maxLength": 64
            }
          }
        },
        {
          "name": "circuit_breaker",
          "apiName": "circuitBreaker",
          "description": "Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "consecutive_failures",
                "apiName": "consecutiveFailures",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 5,
                "validation": {
                  "minimum": 1,
                  "maximum": 1000
                }
              },
              {
                "name": "failure_rate",
                "apiName": "failureRate",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": false
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 0.5,
                "validation": {
                  "maximum": 1,
                  "exclusiveMinimum": 0
                }
              },
              {
                "name": "minimum_calls",
                "apiName": "minimumCalls",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 20,
                "validation": {
                  "minimum": 1,
                  "maximum": 1000
                }
              },
              {
                "name": "window_seconds",
                "apiName": "windowSeconds",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 60,
                "validation": {
                  "minimum": 1,
                  "maximum": 3600
                }
              },
              {
                "name": "cooldown_seconds",
                "apiName": "cooldownSeconds",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 30,
                "validation": {
                  "minimum": 1,
                  "maximum": 3600
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "retry",
          "apiName": "retry",
          "description": "Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "attempts",
                "apiName": "attempts",
                "description": "Retries after the first try.",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 2,
                "validation": {
                  "minimum": 0,
                  "maximum": 5
                }
              },
              {
                "name": "backoff_ms",
                "apiName": "backoffMs",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 100,
                "validation": {
                  "minimum": 1,
                  "maximum": 10000
                }
              },
              {
                "name": "max_backoff_ms",
                "apiName": "maxBackoffMs",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 2000,
                "validation": {
                  "minimum": 1,
                  "maximum": 60000
                }
              },
              {
                "name": "statuses",
                "apiName": "statuses",
                "description": "",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "number",
                    "integer": true
                  }
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": [
                  429,
                  502,
                  503,
                  504
                ],
                "validation": {
                  "maxItems": 16,
                  "element": {
                    "minimum": 400,
                    "maximum": 599
                  }
                }
              },
              {
                "name": "idempotent_tools",
                "apiName": "idempotentTools",
                "description": "Tools safe to call twice, on the admin's word.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 256,
                  "element": {
                    "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
                    "minLength": 1,
                    "maxLength": 128
                  }
                }
              },
              {
                "name": "budget",
                "apiName": "budget",
                "description": "The largest share of calls that may be retries; the first ten retries of an instance are free of it (a burst after a quiet spell), except under 0, which turns retries off.",
                "type": {
                  "kind": "number",
                  "integer": false
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 0.2,
                "validation": {
                  "minimum": 0,
                  "maximum": 1
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "health_check",
          "apiName": "healthCheck",
          "description": "Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "interval_seconds",
                "apiName": "intervalSeconds",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 30,
                "validation": {
                  "minimum": 10,
                  "maximum": 3600
                }
              },
              {
                "name": "unhealthy_after",
                "apiName": "unhealthyAfter",
                "description": "",
                "type": {
                  "kind": "number",
                  "integer": true
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": 2,
                "validation": {
                  "minimum": 1,
                  "maximum": 10
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "scopes",
          "apiName": "scopes",
          "description": "OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped.",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 32,
            "element": {
              "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
              "minLength": 1,
              "maxLength": 128
            }
          }
        },
        {
          "name": "authentication",
          "apiName": "authentication",
          "description": "Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "methods",
                "apiName": "methods",
                "description": "The methods accepted: api keys, identity-provider tokens (`jwt`), the authentication webhook, and tokens of the gateway's own authorization server (`oauth`).",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minItems": 1,
                  "maxItems": 4,
                  "element": {
                    "enum": [
                      "api-key",
                      "jwt",
                      "webhook",
                      "oauth"
                    ]
                  }
                }
              },
              {
                "name": "identity_providers",
                "apiName": "identityProviders",
                "description": "The identity providers (by name) whose people are accepted: their providers' own tokens, and the gateway's own tokens of people who signed in (or were asserted) through them. Every one when unset.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "emptyDiffers": true,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
                    "minLength": 1,
                    "maxLength": 64
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "logging",
          "apiName": "logging",
          "description": "What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "payloads",
                "apiName": "payloads",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": true,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "default": "off",
                "validation": {
                  "enum": [
                    "off",
                    "metadata",
                    "full"
                  ]
                }
              },
              {
                "name": "headers",
                "apiName": "headers",
                "description": "",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
                    "maxLength": 256
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "origin",
          "apiName": "origin",
          "description": "Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`).",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "registry",
                "apiName": "registry",
                "description": "The registry it was synced from; absent for a server.json import.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "registry_id",
                "apiName": "registryId",
                "description": "The id of that registry (a registry made later under the same name is another one).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "name",
                "apiName": "name",
                "description": "The entry's name in the registry (its server.json `name`).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "version",
                "apiName": "version",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "url",
                "apiName": "url",
                "description": "The address the entry gave when last applied. A server whose own `url` differs has one an admin gave it, which syncs keep.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "transport",
                "apiName": "transport",
                "description": "The transport the entry gave when last applied.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "headers",
                "apiName": "headers",
                "description": "The fixed (not secret) headers the entry gave when last applied, each value as a `sha256:` digest: a server's headers are write-only.",
                "type": {
                  "kind": "map",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "description",
                "apiName": "description",
                "description": "The description the entry gave when last applied (empty when it gave none). It follows the entry while the server's own `description` is that one (or none); one an admin wrote stays.",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              },
              {
                "name": "imported_at",
                "apiName": "importedAt",
                "description": "",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "format": "date-time"
                }
              },
              {
                "name": "status",
                "apiName": "status",
                "description": "`removed`: the entry left the registry (the server was disabled then).",
                "type": {
                  "kind": "string"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "enum": [
                    "active",
                    "removed"
                  ]
                }
              },
              {
                "name": "enabled_before_removal",
                "apiName": "enabledBeforeRemoval",
                "description": "Whether the server was enabled when its entry left the registry; its return restores that.",
                "type": {
                  "kind": "bool"
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false
              }
            ]
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "tool_pinning",
          "apiName": "toolPinning",
          "description": "Guards against a server silently changing a tool (a \"rug pull\"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "off",
          "validation": {
            "enum": [
              "off",
              "log",
              "quarantine"
            ]
          }
        },
        {
          "name": "trust_annotations",
          "apiName": "trustAnnotations",
          "description": "The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": false
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "team",
      "terraformType": "mcpgateway_team",
      "schema": "Team",
      "plural": "teams",
      "path": "/v1/teams",
      "description": "A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createTeam",
          "method": "post",
          "path": "/v1/teams"
        },
        "read": {
          "operationId": "getTeam",
          "method": "get",
          "path": "/v1/teams/{id}"
        },
        "update": {
          "operationId": "updateTeam",
          "method": "put",
          "path": "/v1/teams/{id}"
        },
        "delete": {
          "operationId": "deleteTeam",
          "method": "delete",
          "path": "/v1/teams/{id}"
        },
        "list": {
          "operationId": "listTeams",
          "method": "get",
          "path": "/v1/teams"
        },
        "patch": {
          "operationId": "patchTeam",
          "method": "patch",
          "path": "/v1/teams/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name; access policies refer to the team by it.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "members",
          "apiName": "members",
          "description": "Users who belong to the team.",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 1000,
            "uniqueItems": true,
            "element": {
              "minLength": 1,
              "maxLength": 256
            }
          }
        },
        {
          "name": "claim",
          "apiName": "claim",
          "description": "A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
            "minLength": 1,
            "maxLength": 256
          }
        },
        {
          "name": "values",
          "apiName": "values",
          "description": "The values of `claim` that mean membership; required (at least one) with `claim`.",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "uniqueItems": true,
            "element": {
              "minLength": 1,
              "maxLength": 256
            }
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "telemetry_sink",
      "terraformType": "mcpgateway_telemetry_sink",
      "schema": "TelemetrySink",
      "plural": "telemetry-sinks",
      "path": "/v1/telemetry-sinks",
      "description": "An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createTelemetrySink",
          "method": "post",
          "path": "/v1/telemetry-sinks"
        },
        "read": {
          "operationId": "getTelemetrySink",
          "method": "get",
          "path": "/v1/telemetry-sinks/{id}"
        },
        "update": {
          "operationId": "updateTelemetrySink",
          "method": "put",
          "path": "/v1/telemetry-sinks/{id}"
        },
        "delete": {
          "operationId": "deleteTelemetrySink",
          "method": "delete",
          "path": "/v1/telemetry-sinks/{id}"
        },
        "list": {
          "operationId": "listTelemetrySinks",
          "method": "get",
          "path": "/v1/telemetry-sinks"
        },
        "patch": {
          "operationId": "patchTelemetrySink",
          "method": "patch",
          "path": "/v1/telemetry-sinks/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Lower-case letters, digits and dashes; used in URLs.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "enabled",
          "apiName": "enabled",
          "description": "",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": true
        },
        {
          "name": "endpoint",
          "apiName": "endpoint",
          "description": "The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "protocol",
          "apiName": "protocol",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "http/protobuf",
          "validation": {
            "enum": [
              "http/protobuf",
              "http/json"
            ]
          }
        },
        {
          "name": "headers",
          "apiName": "headers",
          "description": "Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 16,
            "keys": {
              "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
              "maxLength": 256
            },
            "element": {
              "maxLength": 4096
            }
          },
          "destinations": [
            "endpoint"
          ]
        },
        {
          "name": "headers_version",
          "apiName": null,
          "description": "Change this value to send a new `headers` (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "headers"
        },
        {
          "name": "sampling",
          "apiName": "sampling",
          "description": "The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose).",
          "type": {
            "kind": "number",
            "integer": false
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 1,
          "validation": {
            "minimum": 0,
            "maximum": 1
          }
        },
        {
          "name": "signals",
          "apiName": "signals",
          "description": "",
          "type": {
            "kind": "set",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": [
            "traces",
            "metrics"
          ],
          "validation": {
            "minItems": 1,
            "uniqueItems": true,
            "element": {
              "enum": [
                "traces",
                "metrics"
              ]
            }
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "webhook",
      "terraformType": "mcpgateway_webhook",
      "schema": "Webhook",
      "plural": "webhooks",
      "path": "/v1/webhooks",
      "description": "An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`\"list\": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{\"allow\": boolean, \"reason\"?: string}`.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createWebhook",
          "method": "post",
          "path": "/v1/webhooks"
        },
        "read": {
          "operationId": "getWebhook",
          "method": "get",
          "path": "/v1/webhooks/{id}"
        },
        "update": {
          "operationId": "updateWebhook",
          "method": "put",
          "path": "/v1/webhooks/{id}"
        },
        "delete": {
          "operationId": "deleteWebhook",
          "method": "delete",
          "path": "/v1/webhooks/{id}"
        },
        "list": {
          "operationId": "listWebhooks",
          "method": "get",
          "path": "/v1/webhooks"
        },
        "patch": {
          "operationId": "patchWebhook",
          "method": "patch",
          "path": "/v1/webhooks/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name; workspaces and servers refer to the webhook by it.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "workspace",
          "apiName": "workspace",
          "description": "The workspace (by name) whose workspace and servers may use the webhook.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "default": "default",
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "url",
          "apiName": "url",
          "description": "The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "maxLength": 2048,
            "format": "uri"
          }
        },
        {
          "name": "secret",
          "apiName": "secret",
          "description": "The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of \"<X-MCP-Gateway-Timestamp>.<body>\">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": true,
          "writeOnly": true,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "minLength": 32,
            "maxLength": 256
          },
          "destinations": [
            "url"
          ]
        },
        {
          "name": "secret_version",
          "apiName": null,
          "description": "Change this value to send a new `secret` (write-only, so Terraform cannot see its changes).",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "triggersWriteOnly": "secret"
        },
        {
          "name": "timeout_ms",
          "apiName": "timeoutMs",
          "description": "Time the webhook has to answer.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 3000,
          "validation": {
            "minimum": 100,
            "maximum": 30000
          }
        },
        {
          "name": "fail_mode",
          "apiName": "failMode",
          "description": "What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `\"allow\": false` (a scanner's `\"action\": \"block\"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "closed",
          "validation": {
            "enum": [
              "closed",
              "open"
            ]
          }
        },
        {
          "name": "cache_seconds",
          "apiName": "cacheSeconds",
          "description": "How long an answer is reused for the same credential and headers.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": 60,
          "validation": {
            "minimum": 0,
            "maximum": 3600
          }
        },
        {
          "name": "headers",
          "apiName": "headers",
          "description": "Request headers passed to the webhook besides the credential (for example a session cookie).",
          "type": {
            "kind": "list",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 16,
            "element": {
              "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
              "maxLength": 256
            }
          }
        },
        {
          "name": "send_arguments",
          "apiName": "sendArguments",
          "description": "As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest.",
          "type": {
            "kind": "bool"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": false
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    },
    {
      "type": "workspace",
      "terraformType": "mcpgateway_workspace",
      "schema": "Workspace",
      "plural": "workspaces",
      "path": "/v1/workspaces",
      "description": "An isolation boundary for servers, keys and policies. A `default` workspace always exists.",
      "schemaVersion": 0,
      "idAttribute": "id",
      "operations": {
        "create": {
          "operationId": "createWorkspace",
          "method": "post",
          "path": "/v1/workspaces"
        },
        "read": {
          "operationId": "getWorkspace",
          "method": "get",
          "path": "/v1/workspaces/{id}"
        },
        "update": {
          "operationId": "updateWorkspace",
          "method": "put",
          "path": "/v1/workspaces/{id}"
        },
        "delete": {
          "operationId": "deleteWorkspace",
          "method": "delete",
          "path": "/v1/workspaces/{id}"
        },
        "list": {
          "operationId": "listWorkspaces",
          "method": "get",
          "path": "/v1/workspaces"
        },
        "patch": {
          "operationId": "patchWorkspace",
          "method": "patch",
          "path": "/v1/workspaces/{id}"
        }
      },
      "lookup": [
        {
          "attribute": "name",
          "apiName": "name",
          "queryParameter": "name"
        }
      ],
      "importId": {
        "attribute": "id",
        "alternatives": [
          "name=<name>"
        ]
      },
      "attributes": [
        {
          "name": "id",
          "apiName": "id",
          "description": "Identifier assigned by the gateway.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "version",
          "apiName": "version",
          "description": "Increases on every change; the `ETag`.",
          "type": {
            "kind": "number",
            "integer": true
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false
        },
        {
          "name": "created_at",
          "apiName": "createdAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": true,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        },
        {
          "name": "name",
          "apiName": "name",
          "description": "Unique name; servers and keys refer to the workspace by it.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": true,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "description",
          "apiName": "description",
          "description": "",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxLength": 1024
          }
        },
        {
          "name": "authn_webhook",
          "apiName": "authnWebhook",
          "description": "A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "authentication",
          "apiName": "authentication",
          "description": "Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.",
          "type": {
            "kind": "object",
            "attributes": [
              {
                "name": "methods",
                "apiName": "methods",
                "description": "The methods accepted: api keys, identity-provider tokens (`jwt`), the authentication webhook, and tokens of the gateway's own authorization server (`oauth`).",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "validation": {
                  "minItems": 1,
                  "maxItems": 4,
                  "element": {
                    "enum": [
                      "api-key",
                      "jwt",
                      "webhook",
                      "oauth"
                    ]
                  }
                }
              },
              {
                "name": "identity_providers",
                "apiName": "identityProviders",
                "description": "The identity providers (by name) whose people are accepted: their providers' own tokens, and the gateway's own tokens of people who signed in (or were asserted) through them. Every one when unset.",
                "type": {
                  "kind": "list",
                  "element": {
                    "kind": "string"
                  }
                },
                "required": false,
                "optional": true,
                "computed": false,
                "sensitive": false,
                "writeOnly": false,
                "immutable": false,
                "volatile": false,
                "createOnly": false,
                "emptyDiffers": true,
                "validation": {
                  "maxItems": 32,
                  "element": {
                    "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
                    "minLength": 1,
                    "maxLength": 64
                  }
                }
              }
            ]
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "default_access",
          "apiName": "defaultAccess",
          "description": "What principals of the workspace may do on servers no allow policy names.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "default": "allow",
          "validation": {
            "enum": [
              "allow",
              "deny"
            ]
          }
        },
        {
          "name": "authz_webhook",
          "apiName": "authzWebhook",
          "description": "A webhook (by name, of this workspace) asked to authorize each request the access policies allow.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            "minLength": 1,
            "maxLength": 64
          }
        },
        {
          "name": "labels",
          "apiName": "labels",
          "description": "Free-form key/value labels.",
          "type": {
            "kind": "map",
            "element": {
              "kind": "string"
            }
          },
          "required": false,
          "optional": true,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "maxItems": 64,
            "keys": {
              "maxLength": 256
            },
            "element": {
              "maxLength": 256
            }
          }
        }
      ]
    }
  ],
  "views": [
    {
      "type": "server_tools",
      "terraformType": "mcpgateway_server_tools",
      "description": "The server's tool catalog. The tools the gateway learned from the server's `tools/list` answers, in name order, each saying whether the server's `tools` rules offer it to clients and, with `toolPinning`, its pinned definition and whether it is quarantined. Empty, without `hash`, until a catalog was learned.",
      "operation": {
        "operationId": "listServerTools",
        "method": "get",
        "path": "/v1/servers/{id}/tools"
      },
      "inputs": [
        {
          "name": "server_id",
          "apiName": null,
          "pathParameter": "id",
          "description": "The server's id.",
          "type": {
            "kind": "string"
          },
          "required": true,
          "optional": false,
          "computed": false,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        }
      ],
      "attributes": [
        {
          "name": "items",
          "apiName": "items",
          "description": "",
          "type": {
            "kind": "list",
            "element": {
              "kind": "object",
              "attributes": [
                {
                  "name": "name",
                  "apiName": "name",
                  "description": "",
                  "type": {
                    "kind": "string"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "title",
                  "apiName": "title",
                  "description": "",
                  "type": {
                    "kind": "string"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "description",
                  "apiName": "description",
                  "description": "",
                  "type": {
                    "kind": "string"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "input_schema",
                  "apiName": "inputSchema",
                  "description": "JSON Schema of the tool's arguments.",
                  "type": {
                    "kind": "json"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "output_schema",
                  "apiName": "outputSchema",
                  "description": "JSON Schema of the tool's structured result.",
                  "type": {
                    "kind": "json"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "annotations",
                  "apiName": "annotations",
                  "description": "Hints from the upstream about the tool's behaviour (trusted only with `trustAnnotations`).",
                  "type": {
                    "kind": "object",
                    "attributes": [
                      {
                        "name": "title",
                        "apiName": "title",
                        "description": "",
                        "type": {
                          "kind": "string"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      },
                      {
                        "name": "read_only_hint",
                        "apiName": "readOnlyHint",
                        "description": "",
                        "type": {
                          "kind": "bool"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      },
                      {
                        "name": "destructive_hint",
                        "apiName": "destructiveHint",
                        "description": "",
                        "type": {
                          "kind": "bool"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      },
                      {
                        "name": "idempotent_hint",
                        "apiName": "idempotentHint",
                        "description": "",
                        "type": {
                          "kind": "bool"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      },
                      {
                        "name": "open_world_hint",
                        "apiName": "openWorldHint",
                        "description": "",
                        "type": {
                          "kind": "bool"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      }
                    ]
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "icons",
                  "apiName": "icons",
                  "description": "Icons a client may show for the tool (`src`, `mimeType`, `sizes`, `theme`).",
                  "type": {
                    "kind": "list",
                    "element": {
                      "kind": "json"
                    }
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "execution",
                  "apiName": "execution",
                  "description": "How the tool may be run (`taskSupport`).",
                  "type": {
                    "kind": "json"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "hash",
                  "apiName": "hash",
                  "description": "SHA-256 (hex) of the tool's definition (name, title, description, schemas, annotations, icons, execution; not its free-form `_meta`); changes when any of it changes.",
                  "type": {
                    "kind": "string"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "provisioned",
                  "apiName": "provisioned",
                  "description": "Whether the server's `tools` rules offer the tool to clients.",
                  "type": {
                    "kind": "bool"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "pin",
                  "apiName": "pin",
                  "description": "The definition an admin approved (or the first one seen), with `toolPinning` on.",
                  "type": {
                    "kind": "object",
                    "attributes": [
                      {
                        "name": "hash",
                        "apiName": "hash",
                        "description": "",
                        "type": {
                          "kind": "string"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      },
                      {
                        "name": "pinned_at",
                        "apiName": "pinnedAt",
                        "description": "",
                        "type": {
                          "kind": "string"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false,
                        "validation": {
                          "format": "date-time"
                        }
                      },
                      {
                        "name": "approved_by",
                        "apiName": "approvedBy",
                        "description": "Who approved it; absent for a definition pinned when first seen.",
                        "type": {
                          "kind": "string"
                        },
                        "required": false,
                        "optional": false,
                        "computed": true,
                        "sensitive": false,
                        "writeOnly": false,
                        "immutable": false,
                        "volatile": false,
                        "createOnly": false
                      }
                    ]
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "quarantined",
                  "apiName": "quarantined",
                  "description": "The tool's definition differs from its pin: with `toolPinning: quarantine` it is hidden from `tools/list` and calls to it are refused until approved.",
                  "type": {
                    "kind": "bool"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                },
                {
                  "name": "abridged",
                  "apiName": "abridged",
                  "description": "Kept without its schemas (too large, too deeply nested, or numbers the store cannot hold): what is shown here is not all that `hash` covers. Approving it needs `abridged: true`.",
                  "type": {
                    "kind": "bool"
                  },
                  "required": false,
                  "optional": false,
                  "computed": true,
                  "sensitive": false,
                  "writeOnly": false,
                  "immutable": false,
                  "volatile": false,
                  "createOnly": false
                }
              ]
            }
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "hash",
          "apiName": "hash",
          "description": "SHA-256 (hex) over the tools' hashes; absent until a catalog was learned.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false
        },
        {
          "name": "updated_at",
          "apiName": "updatedAt",
          "description": "When the catalog last changed or was confirmed.",
          "type": {
            "kind": "string"
          },
          "required": false,
          "optional": false,
          "computed": true,
          "sensitive": false,
          "writeOnly": false,
          "immutable": false,
          "volatile": false,
          "createOnly": false,
          "validation": {
            "format": "date-time"
          }
        }
      ]
    }
  ]
};
