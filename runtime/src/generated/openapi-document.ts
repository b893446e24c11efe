// DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/openapi-document.mjs; run `npm run generate`.
export const openapiDocument: Record<string, unknown> = {
  "openapi": "3.1.0",
  "info": {
    "title": "MCP Gateway management API",
    "version": "0.1.0",
    "summary": "Configure the MCP gateway — every setting is a REST resource.",
    "description": "Every resource under `/v1` follows the same conventions: `POST` creates and answers 201 with the full\nobject, `GET /{id}` reads, `PUT` replaces and `PATCH` merges (where a resource has a `*Patch` schema;\nthe others answer 405 with `Allow`), `DELETE` answers 204, lists are\ncursor-paginated. Each object carries a `version`; reads answer it as the `ETag` and writes accept\n`If-Match` so a lost update becomes 412 (a write without it that loses to a concurrent one is a 409\n`conflict`; a name another object holds is a 409 `already_exists`); `HEAD` answers as `GET` without the\nbody. Errors are RFC 9457 `application/problem+json` with a stable `code`. Secrets are `writeOnly` and never returned; with a sealing key (`MCP_GATEWAY_VAULT_KEY`, or the\nKMS key on AWS) they are sealed at rest, and a `PUT` gives them anew rather than reading the stored ones.\n\nResource annotations for code generators live in `x-mcpgateway-resource` on each resource schema:\nthe Terraform type name, the CRUD operation ids, the id attribute and the lookup attributes for data\nsources. Properties marked `x-mcpgateway-immutable` force a replacement when they change.\n`x-mcpgateway-sensitive` marks a value that is no secret input of its own but must not be shown in\nplans and logs. `x-mcpgateway-iac` on a property adjusts the resource that config-as-code tools\n(Terraform, CDKTF, Pulumi) see, without changing the API: `omit` leaves the property out of the IaC\nresource entirely (so it never reaches their state), `required` makes an optional API property\nrequired there. `x-mcpgateway-volatile` marks a read-only value that changes without a write through\nthe API (a last-use time), which those tools never report as drift. `x-mcpgateway-destination` marks\nwhere a resource sends its write-only values (a property, or one of a nested object): a `PATCH` that\nchanges one must give those values again.\n`x-mcpgateway-ordered` marks a list of unique items whose order matters (tried in order): those tools\nkeep it a list, not a set.\n`x-mcpgateway-empty-differs` marks a list whose empty value means none where an unset one means every\none: those tools never take one for the other.\n",
    "license": {
      "name": "Apache-2.0",
      "identifier": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8787",
      "description": "Local gateway (`npm start`)"
    }
  ],
  "security": [
    {
      "adminKey": []
    },
    {
      "managementToken": []
    }
  ],
  "tags": [
    {
      "name": "workspaces"
    },
    {
      "name": "servers"
    },
    {
      "name": "api-keys"
    },
    {
      "name": "identity-providers"
    },
    {
      "name": "webhooks"
    },
    {
      "name": "oauth-clients"
    },
    {
      "name": "teams"
    },
    {
      "name": "access-policies"
    },
    {
      "name": "access"
    },
    {
      "name": "users"
    },
    {
      "name": "rate-limits"
    },
    {
      "name": "budgets"
    },
    {
      "name": "guardrails"
    },
    {
      "name": "registries"
    },
    {
      "name": "telemetry"
    },
    {
      "name": "analytics"
    },
    {
      "name": "audit"
    },
    {
      "name": "sealing"
    },
    {
      "name": "meta"
    }
  ],
  "paths": {
    "/v1/openapi.json": {
      "get": {
        "operationId": "getOpenApi",
        "tags": [
          "meta"
        ],
        "summary": "This document, as JSON.",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/workspaces": {
      "get": {
        "operationId": "listWorkspaces",
        "tags": [
          "workspaces"
        ],
        "summary": "List workspaces.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the workspace with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of workspaces.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WorkspaceList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createWorkspace",
        "tags": [
          "workspaces"
        ],
        "summary": "Create a workspace.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Workspace"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Workspace"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/workspaces/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getWorkspace",
        "tags": [
          "workspaces"
        ],
        "summary": "Read a workspace.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Workspace"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateWorkspace",
        "tags": [
          "workspaces"
        ],
        "summary": "Replace a workspace.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Workspace"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Workspace"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchWorkspace",
        "tags": [
          "workspaces"
        ],
        "summary": "Change some fields of a workspace (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/WorkspacePatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WorkspacePatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Workspace"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteWorkspace",
        "tags": [
          "workspaces"
        ],
        "summary": "Delete a workspace. The `default` workspace cannot be deleted.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/api-keys/{id}/rotate": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "post": {
        "operationId": "rotateApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Give the key a new secret; the previous one keeps working for an overlap window.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApiKeyRotation"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/ApiKey"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/identity-providers": {
      "get": {
        "operationId": "listIdentityProviders",
        "tags": [
          "identity-providers"
        ],
        "summary": "List identity providers.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the identity provider with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only identity providers of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of identity providers.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IdentityProviderList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createIdentityProvider",
        "tags": [
          "identity-providers"
        ],
        "summary": "Register an identity provider whose tokens MCP clients may bring.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IdentityProvider"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/IdentityProvider"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/identity-providers/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getIdentityProvider",
        "tags": [
          "identity-providers"
        ],
        "summary": "Read an identity provider.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/IdentityProvider"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateIdentityProvider",
        "tags": [
          "identity-providers"
        ],
        "summary": "Replace an identity provider.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IdentityProvider"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/IdentityProvider"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchIdentityProvider",
        "tags": [
          "identity-providers"
        ],
        "summary": "Change some fields of an identity provider (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/IdentityProviderPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/IdentityProviderPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/IdentityProvider"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteIdentityProvider",
        "tags": [
          "identity-providers"
        ],
        "summary": "Remove an identity provider; its tokens are refused from then on.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/webhooks": {
      "get": {
        "operationId": "listWebhooks",
        "tags": [
          "webhooks"
        ],
        "summary": "List webhooks.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the webhook with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only webhooks of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of webhooks.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createWebhook",
        "tags": [
          "webhooks"
        ],
        "summary": "Register a webhook the gateway calls to decide (authentication today).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Webhook"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Webhook"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/webhooks/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getWebhook",
        "tags": [
          "webhooks"
        ],
        "summary": "Read a webhook.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Webhook"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateWebhook",
        "tags": [
          "webhooks"
        ],
        "summary": "Replace a webhook.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Webhook"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Webhook"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchWebhook",
        "tags": [
          "webhooks"
        ],
        "summary": "Change some fields of a webhook (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Webhook"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteWebhook",
        "tags": [
          "webhooks"
        ],
        "summary": "Remove a webhook; decisions that need it are refused from then on.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/teams": {
      "get": {
        "operationId": "listTeams",
        "tags": [
          "teams"
        ],
        "summary": "List teams.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TeamList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createTeam",
        "tags": [
          "teams"
        ],
        "summary": "Create a team of a workspace, for access policies.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Team"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Team"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/teams/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getTeam",
        "tags": [
          "teams"
        ],
        "summary": "Read a team.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Team"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateTeam",
        "tags": [
          "teams"
        ],
        "summary": "Replace a team.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Team"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Team"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchTeam",
        "tags": [
          "teams"
        ],
        "summary": "Change some fields of a team (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/TeamPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TeamPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Team"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteTeam",
        "tags": [
          "teams"
        ],
        "summary": "Remove a team.",
        "description": "A team an access policy names is not removed (409) until no policy names it.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/access-policies": {
      "get": {
        "operationId": "listAccessPolicies",
        "tags": [
          "access-policies"
        ],
        "summary": "List access policys.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AccessPolicyList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createAccessPolicy",
        "tags": [
          "access-policies"
        ],
        "summary": "Add an access policy (a rule that allows or denies).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccessPolicy"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/AccessPolicy"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/access-policies/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getAccessPolicy",
        "tags": [
          "access-policies"
        ],
        "summary": "Read a access policy.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/AccessPolicy"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateAccessPolicy",
        "tags": [
          "access-policies"
        ],
        "summary": "Replace a access policy.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccessPolicy"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AccessPolicy"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchAccessPolicy",
        "tags": [
          "access-policies"
        ],
        "summary": "Change some fields of an access policy (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/AccessPolicyPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccessPolicyPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/AccessPolicy"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteAccessPolicy",
        "tags": [
          "access-policies"
        ],
        "summary": "Remove a access policy.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/access/evaluate": {
      "post": {
        "operationId": "evaluateAccess",
        "tags": [
          "access"
        ],
        "summary": "Explain an access decision.",
        "description": "Answers what the data plane decides for a principal calling a server: the decision, what made it (an access policy, tool provisioning, the workspace default, or the authorization webhook), and why. Nothing is forwarded; when the policies allow and an authorization webhook is set, it is asked as for a real request and may deny.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AccessQuestion"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The decision.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AccessDecision"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/users": {
      "get": {
        "operationId": "listUsers",
        "tags": [
          "users"
        ],
        "summary": "The principals the gateway has seen (read-only).",
        "description": "One entry per user and workspace that passed authentication: how it authenticated, its teams and when it was first and last seen. Recorded at most once a minute per instance and user, never as a store write per request.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UserList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/sealing/reseal": {
      "post": {
        "operationId": "resealSecrets",
        "tags": [
          "sealing"
        ],
        "summary": "Seal every stored secret anew under the current sealing key.",
        "description": "After a rotation of the sealing key (`MCP_GATEWAY_VAULT_KEY` the new key, `MCP_GATEWAY_VAULT_PREVIOUS_KEYS` the old ones) or once a key is first configured: the write-only fields of every resource sealed with a previous key or stored in the clear, the token vault's tokens and registered clients' secrets and the authorization server's signing keys sealed with a previous key, are sealed again with the current one. Resources keep their version. Once it answers `complete: true` with no `unopenable` or `pending` entry and every instance runs with the new key, the previous keys can be dropped. One call works for 20 s at most, less when the function serving it has less time left (`complete: false`: call it again). With a KMS key (on AWS) KMS rotates the key itself and what it sealed stays current. For the admin only; 409 without a sealing key.",
        "responses": {
          "200": {
            "description": "What was sealed anew.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ResealReport"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/users/sign-out": {
      "post": {
        "operationId": "signOutUser",
        "tags": [
          "users"
        ],
        "summary": "Sign a user out everywhere.",
        "description": "For someone leaving, or a lost laptop. Every token issued to the user before now (by the gateway's authorization server or an identity provider, dated by its `iat`) is refused at the MCP endpoint with 401, so clients sign in again; the user's grants at the gateway's authorization server end (refresh tokens of a sign-in before now, codes of one, and identity assertions issued before now are refused); principals an authentication webhook vouches for are the webhook's to refuse. A token that carries no `iat` (nor `nbf`) is refused for a day. Holds on every instance within the configuration cache's time to live (5 s by default). API keys are not sessions: revoke them at `/v1/api-keys`; nor is an OAuth client's own token (client credentials) any user's, whatever its subject: disable or delete the client at `/v1/oauth-clients` to end its tokens. To keep the user out for good, deny them with an access policy (or at the identity provider). A workspace admin signs out users of their own workspace.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SignOutRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Signed out.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SignOut"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/guardrails": {
      "get": {
        "operationId": "listGuardrails",
        "tags": [
          "guardrails"
        ],
        "summary": "List guardrails.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/GuardrailList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createGuardrail",
        "tags": [
          "guardrails"
        ],
        "summary": "Add a guardrail.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Guardrail"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Guardrail"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/guardrails/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getGuardrail",
        "tags": [
          "guardrails"
        ],
        "summary": "Read a guardrail.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Guardrail"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateGuardrail",
        "tags": [
          "guardrails"
        ],
        "summary": "Replace a guardrail.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Guardrail"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Guardrail"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchGuardrail",
        "tags": [
          "guardrails"
        ],
        "summary": "Change some fields of a guardrail (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/GuardrailPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/GuardrailPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Guardrail"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteGuardrail",
        "tags": [
          "guardrails"
        ],
        "summary": "Remove a guardrail.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/registries": {
      "get": {
        "operationId": "listRegistries",
        "tags": [
          "registries"
        ],
        "summary": "List registries.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the registry with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only registries of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of registries.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistryList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Add an MCP registry servers are imported from.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Registry"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Registry"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/registries/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Read a registry.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Registry"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Replace a registry.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Registry"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Registry"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Change some fields of a registry (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/RegistryPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RegistryPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Registry"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Remove a registry (the servers it imported stay).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/registries/{id}/sync": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "post": {
        "operationId": "syncRegistry",
        "tags": [
          "registries"
        ],
        "summary": "Sync the registry's servers now.",
        "description": "Reads the registry's listing and brings its servers up to date: entries with a remote (streamable-http, else sse) become servers of the registry's workspace (created, or updated when their version or address changed); servers it imported whose entry is gone are disabled, never deleted; entries with only local packages, whose name is taken by a server not imported from this registry, or whose server an admin deleted (import the entry by hand to have it again), are skipped with the reason. A server whose entry comes to require a header it lacks is disabled until an admin sets it. The sync's outcome is recorded on the registry (`lastSync`), which raises its `version`: read the registry again for its new ETag before a conditional write.",
        "responses": {
          "200": {
            "description": "What the sync did.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegistrySyncReport"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/import": {
      "post": {
        "operationId": "importServer",
        "tags": [
          "servers"
        ],
        "summary": "Import a server from its server.json document (as the MCP registry publishes it).",
        "description": "Creates the server its first remote (streamable-http, else sse) describes, or updates the one an earlier import of the same entry created; an entry with only local packages cannot be imported. The server records its origin. `mcp-gateway import server.json` posts here.",
        "parameters": [
          {
            "name": "workspace",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": true,
                "description": "A server.json document."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The server, and whether it was created or updated.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "action",
                    "server"
                  ],
                  "properties": {
                    "action": {
                      "type": "string",
                      "enum": [
                        "created",
                        "updated",
                        "unchanged"
                      ]
                    },
                    "server": {
                      "$ref": "#/components/schemas/Server"
                    },
                    "reason": {
                      "type": "string",
                      "description": "What an admin should know of an update: a needed header still missing, or an address an admin gave the server kept. A document that moves a server holding headers or credentials elsewhere is refused (400): they do not follow; give them again with the new url."
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/telemetry-sinks": {
      "get": {
        "operationId": "listTelemetrySinks",
        "tags": [
          "telemetry"
        ],
        "summary": "List telemetry sinks.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the sink with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of telemetry sinks.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TelemetrySinkList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createTelemetrySink",
        "tags": [
          "telemetry"
        ],
        "summary": "Add an OTLP destination for traces and metrics.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TelemetrySink"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/TelemetrySink"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/telemetry-sinks/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getTelemetrySink",
        "tags": [
          "telemetry"
        ],
        "summary": "Read a telemetry sink.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/TelemetrySink"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateTelemetrySink",
        "tags": [
          "telemetry"
        ],
        "summary": "Replace a telemetry sink.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TelemetrySink"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/TelemetrySink"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchTelemetrySink",
        "tags": [
          "telemetry"
        ],
        "summary": "Change some fields of a telemetry sink (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/TelemetrySinkPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TelemetrySinkPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/TelemetrySink"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteTelemetrySink",
        "tags": [
          "telemetry"
        ],
        "summary": "Remove a telemetry sink.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/analytics/usage": {
      "get": {
        "operationId": "getUsage",
        "tags": [
          "analytics"
        ],
        "summary": "Calls, errors, distinct users and latency per hour or day.",
        "description": "Rollups of the MCP requests of one workspace (`workspace`, the `default` one when left out; a workspace's own admins and viewers see only theirs), optionally of one server, one tool (`tool`: a tool's name counts its `tools/call`s; `~<method>`, e.g. `~tools/list`, other requests) and one user. `uniqueUsers` is exact: the distinct users of the bucket, counted once however many instances served them. A call a virtual server routes counts at the virtual server (by the name the client called) and at its member; without `server` it counts once, as the virtual server's. Latency percentiles are the upper bounds of the histogram buckets they fall in (`null` without calls, or above the last bound: the histogram's last bucket counts those). Buckets are whole UTC hours or days: `from` and `to` select the buckets they fall in, and each bucket counts all of its calls (`from=…T10:45:00Z` starts with the whole of 10:00 UTC). Hour buckets cover at most 7 days, day buckets 92; rollups are kept `MCP_GATEWAY_ANALYTICS_RETENTION_DAYS` (90 days), so older buckets answer no calls. Rollups reach the store within `MCP_GATEWAY_ANALYTICS_FLUSH_MS` (10 s).",
        "parameters": [
          {
            "name": "workspace",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "server",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "tool",
            "in": "query",
            "description": "A tool name; analytics count a name over 256 bytes (UTF-8, `%` and `#` taking three) as `~other`, and a query for such a name is refused.",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "user",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "from",
            "in": "query",
            "description": "The start (inclusive): the first bucket is the UTC hour or day it falls in; when left out, a day before `to` for hourly buckets, 30 days for daily ones.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "description": "The end (inclusive): the last bucket is the UTC hour or day it falls in; now when left out.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "bucket",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "hour",
                "day"
              ],
              "default": "hour"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The buckets, oldest first.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UsageReport"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/audit-events": {
      "get": {
        "operationId": "listAuditEvents",
        "tags": [
          "audit"
        ],
        "summary": "The audit log, newest first (read-only).",
        "description": "Every management change (who, what, before and after with write-only fields removed, when, the request id), every access denial, guardrail action, quarantine and budget alert. Kept for the gateway's retention period (`MCP_GATEWAY_AUDIT_RETENTION_DAYS`, 90 days by default); without `from` the whole period is searched. A workspace's own admins and viewers see only its events.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "type",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/AuditEventType"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "actor",
            "in": "query",
            "description": "The user or admin who acted.",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "resourceType",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "name": "resourceId",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          },
          {
            "name": "server",
            "in": "query",
            "description": "Events of this server (by name).",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "tool",
            "in": "query",
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "from",
            "in": "query",
            "description": "The earliest time (inclusive), from 1970 to 9999.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "description": "The latest time (inclusive), from 1970 to 9999; now when left out.",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditEventList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/rate-limits": {
      "get": {
        "operationId": "listRateLimits",
        "tags": [
          "rate-limits"
        ],
        "summary": "List rate limits.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RateLimitList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createRateLimit",
        "tags": [
          "rate-limits"
        ],
        "summary": "Add a rate limit.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RateLimit"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/RateLimit"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/rate-limits/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getRateLimit",
        "tags": [
          "rate-limits"
        ],
        "summary": "Read a rate limit.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/RateLimit"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateRateLimit",
        "tags": [
          "rate-limits"
        ],
        "summary": "Replace a rate limit.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RateLimit"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/RateLimit"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchRateLimit",
        "tags": [
          "rate-limits"
        ],
        "summary": "Change some fields of a rate limit (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/RateLimitPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RateLimitPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/RateLimit"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteRateLimit",
        "tags": [
          "rate-limits"
        ],
        "summary": "Remove a rate limit.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/budgets": {
      "get": {
        "operationId": "listBudgets",
        "tags": [
          "budgets"
        ],
        "summary": "List budgets.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BudgetList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createBudget",
        "tags": [
          "budgets"
        ],
        "summary": "Add a budget.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Budget"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Budget"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/budgets/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getBudget",
        "tags": [
          "budgets"
        ],
        "summary": "Read a budget.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Budget"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateBudget",
        "tags": [
          "budgets"
        ],
        "summary": "Replace a budget.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Budget"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Budget"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchBudget",
        "tags": [
          "budgets"
        ],
        "summary": "Change some fields of a budget (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/BudgetPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BudgetPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Budget"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteBudget",
        "tags": [
          "budgets"
        ],
        "summary": "Remove a budget.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/budgets/{id}/usage": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getBudgetUsage",
        "tags": [
          "budgets"
        ],
        "summary": "What the budget's keys spent in the current period.",
        "description": "A page of keys at a time (a budget counted per user has a key per user); follow `nextCursor`. A page may hold fewer keys than `limit` (keys that only reserved room are left out). `remaining` is the amount less what was spent; room instances hold in leases is in it.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The spend per key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BudgetUsage"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/oauth-clients": {
      "get": {
        "operationId": "listOAuthClients",
        "tags": [
          "oauth-clients"
        ],
        "summary": "List OAuth clients.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the one with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only those of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OAuthClientList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createOAuthClient",
        "tags": [
          "oauth-clients"
        ],
        "summary": "Register a client of the gateway's authorization server.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OAuthClient"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/OAuthClient"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/oauth-clients/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getOAuthClient",
        "tags": [
          "oauth-clients"
        ],
        "summary": "Read an OAuth client.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/OAuthClient"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateOAuthClient",
        "tags": [
          "oauth-clients"
        ],
        "summary": "Replace an OAuth client.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OAuthClient"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OAuthClient"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchOAuthClient",
        "tags": [
          "oauth-clients"
        ],
        "summary": "Change some fields of an OAuth client (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/OAuthClientPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OAuthClientPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/OAuthClient"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteOAuthClient",
        "tags": [
          "oauth-clients"
        ],
        "summary": "Remove an OAuth client; it can obtain no more tokens.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers": {
      "get": {
        "operationId": "listServers",
        "tags": [
          "servers"
        ],
        "summary": "List upstream MCP servers.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the server with this name.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only servers of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of servers.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createServer",
        "tags": [
          "servers"
        ],
        "summary": "Register an upstream MCP server.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Server"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/Server"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getServer",
        "tags": [
          "servers"
        ],
        "summary": "Read a server.",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Server"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateServer",
        "tags": [
          "servers"
        ],
        "summary": "Replace a server.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Server"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Server"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchServer",
        "tags": [
          "servers"
        ],
        "summary": "Change some fields of a server (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/ServerPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ServerPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Server"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteServer",
        "tags": [
          "servers"
        ],
        "summary": "Remove a server (and the tool catalog learned from it).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}/tools": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "listServerTools",
        "tags": [
          "servers"
        ],
        "x-mcpgateway-data-source": {
          "type": "server_tools",
          "parameters": {
            "id": "server_id"
          },
          "descriptions": {
            "server_id": "The server's id."
          }
        },
        "summary": "The server's tool catalog.",
        "description": "The tools the gateway learned from the server's `tools/list` answers, in name order, each saying whether the server's `tools` rules offer it to clients and, with `toolPinning`, its pinned definition and whether it is quarantined. Empty, without `hash`, until a catalog was learned.",
        "responses": {
          "200": {
            "description": "The tool catalog.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerToolList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}/tools/{name}/approve": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        },
        {
          "name": "name",
          "in": "path",
          "required": true,
          "description": "The tool's name.",
          "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": 512
          }
        }
      ],
      "post": {
        "operationId": "approveServerTool",
        "tags": [
          "servers"
        ],
        "summary": "Approve a tool's current definition (release it from quarantine).",
        "description": "Pins the definition the gateway last learned for the tool, so it is offered and callable again. `hash`, when given, must be that definition's hash: an approval never covers a definition the admin has not seen. 409 while a newer definition was seen (on a page of a list) than the catalog holds, or when the tool was last listed malformed: there is no definition to approve yet; and for a tool kept `abridged` unless the body says `abridged: true`.",
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  },
                  "abridged": {
                    "type": "boolean",
                    "description": "Approves a tool kept `abridged` (its schemas not kept), whose whole definition the admin read at the server."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The tool, pinned to its current definition.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Tool"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}/health": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getServerHealth",
        "tags": [
          "servers"
        ],
        "summary": "The last health check of the server and of each of its targets.",
        "responses": {
          "200": {
            "description": "The status (`checkedAt` absent until a first check).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ServerHealth"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}/tokens": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "listServerTokens",
        "tags": [
          "servers"
        ],
        "summary": "The users who connected their account at this upstream (user-oauth), never their tokens.",
        "description": "A page of users at a time; follow `nextCursor`. A page may hold fewer than `limit`.",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The connected users.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UpstreamTokenList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/servers/{id}/tokens/{user}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        },
        {
          "name": "user",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256
          }
        }
      ],
      "delete": {
        "operationId": "revokeServerToken",
        "tags": [
          "servers"
        ],
        "summary": "Forget a user's tokens at this upstream, whichever way they signed in; the user is asked to consent again.",
        "description": "The gateway forgets the tokens, then asks the authorization server that issued them to revoke them (RFC 7009, the refresh token where there is one, with the gateway's client credentials) when its metadata names a `revocation_endpoint`. The tokens are forgotten whatever it answers; the `token.revoked` audit event's `detail.upstream` says what became of the grant there: `revoked`, `unsupported` (no revocation endpoint), `unopened` (tokens sealed under a key the gateway no longer has) or `failed`. Gateway instances stop using the tokens within their reuse time (the config TTL).",
        "responses": {
          "204": {
            "description": "Revoked."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/api-keys": {
      "get": {
        "operationId": "listApiKeys",
        "tags": [
          "api-keys"
        ],
        "summary": "List API keys (never their secret).",
        "parameters": [
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "name": "name",
            "in": "query",
            "description": "Only the key with this name.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128
            }
          },
          {
            "name": "user",
            "in": "query",
            "description": "Only keys of this user.",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            }
          },
          {
            "name": "workspace",
            "in": "query",
            "description": "Only keys of this workspace.",
            "schema": {
              "$ref": "#/components/schemas/Name"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of API keys.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApiKeyList"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "createApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Issue an API key for an MCP client. A generated secret is in this response only.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApiKey"
              }
            }
          }
        },
        "responses": {
          "201": {
            "$ref": "#/components/responses/ApiKey"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/api-keys/{id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/Id"
        }
      ],
      "get": {
        "operationId": "getApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Read an API key (without its secret).",
        "responses": {
          "200": {
            "$ref": "#/components/responses/ApiKey"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "updateApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Replace an API key's settings.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApiKey"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/ApiKey"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "patchApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Change some settings of an API key (JSON merge patch).",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/merge-patch+json": {
              "schema": {
                "$ref": "#/components/schemas/ApiKeyPatch"
              }
            },
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApiKeyPatch"
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/ApiKey"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteApiKey",
        "tags": [
          "api-keys"
        ],
        "summary": "Revoke an API key.",
        "parameters": [
          {
            "$ref": "#/components/parameters/IfMatch"
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked."
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "adminKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "The admin key (`MCP_GATEWAY_ADMIN_KEY`, or the one generated on first start)."
      },
      "managementToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A person's token from an identity provider with `roles` (see `IdentityProviderRoles`), for the audience `<gateway URL>/v1`. Its role says what it may do: `admin` everything; `workspace-admin` read and change the resources of its own workspace (not the workspace itself beyond editing it, not identity providers, telemetry sinks, a server's Lambda `function`, OAuth clients that registered themselves, or resealing); `viewer` read its own workspace's resources. Another workspace's resources answer 404; what the role may not do answers 403 `forbidden`."
      }
    },
    "parameters": {
      "Id": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128
        }
      },
      "IfMatch": {
        "name": "If-Match",
        "in": "header",
        "required": false,
        "description": "The `ETag` last read; the write fails with 412 if the resource changed since.",
        "schema": {
          "type": "string"
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "description": "At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 100,
          "default": 50
        }
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "description": "The `nextCursor` of the previous page.",
        "schema": {
          "type": "string",
          "maxLength": 1024
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An RFC 9457 problem.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "Workspace": {
        "description": "The workspace.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Workspace"
            }
          }
        }
      },
      "IdentityProvider": {
        "description": "The identity provider.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/IdentityProvider"
            }
          }
        }
      },
      "Webhook": {
        "description": "The webhook.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Webhook"
            }
          }
        }
      },
      "Team": {
        "description": "The team.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Team"
            }
          }
        }
      },
      "AccessPolicy": {
        "description": "The access policy.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/AccessPolicy"
            }
          }
        }
      },
      "RateLimit": {
        "description": "The rate limit.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/RateLimit"
            }
          }
        }
      },
      "Budget": {
        "description": "The budget.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Budget"
            }
          }
        }
      },
      "Guardrail": {
        "description": "The guardrail.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Guardrail"
            }
          }
        }
      },
      "Registry": {
        "description": "The registry.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Registry"
            }
          }
        }
      },
      "TelemetrySink": {
        "description": "The telemetry sink.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/TelemetrySink"
            }
          }
        }
      },
      "OAuthClient": {
        "description": "The OAuth client.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/OAuthClient"
            }
          }
        }
      },
      "Server": {
        "description": "The server.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Server"
            }
          }
        }
      },
      "ApiKey": {
        "description": "The API key.",
        "headers": {
          "ETag": {
            "$ref": "#/components/headers/ETag"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ApiKey"
            }
          }
        }
      }
    },
    "headers": {
      "ETag": {
        "description": "The resource version, for `If-Match`.",
        "schema": {
          "type": "string"
        }
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": [
          "type",
          "title",
          "status",
          "code"
        ],
        "properties": {
          "type": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "code": {
            "type": "string",
            "description": "A stable, machine-readable error code."
          },
          "errors": {
            "type": "array",
            "description": "For validation problems, one entry per invalid field.",
            "items": {
              "type": "object",
              "required": [
                "pointer",
                "detail"
              ],
              "properties": {
                "pointer": {
                  "type": "string",
                  "description": "JSON pointer (RFC 6901) into the request body."
                },
                "detail": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Name": {
        "type": "string",
        "minLength": 1,
        "maxLength": 64,
        "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
        "description": "Lower-case letters, digits and dashes; used in URLs."
      },
      "Labels": {
        "type": "object",
        "description": "Free-form key/value labels.",
        "propertyNames": {
          "maxLength": 256
        },
        "additionalProperties": {
          "type": "string",
          "maxLength": 256
        },
        "maxProperties": 64
      },
      "Id": {
        "type": "string",
        "readOnly": true,
        "description": "Identifier assigned by the gateway."
      },
      "Version": {
        "type": "integer",
        "readOnly": true,
        "description": "Increases on every change; the `ETag`."
      },
      "CreatedAt": {
        "type": "string",
        "format": "date-time",
        "readOnly": true
      },
      "UpdatedAt": {
        "type": "string",
        "format": "date-time",
        "readOnly": true
      },
      "Workspace": {
        "type": "object",
        "description": "An isolation boundary for servers, keys and policies. A `default` workspace always exists.",
        "x-mcpgateway-resource": {
          "type": "workspace",
          "plural": "workspaces",
          "path": "/v1/workspaces",
          "operations": {
            "create": "createWorkspace",
            "read": "getWorkspace",
            "update": "updateWorkspace",
            "delete": "deleteWorkspace",
            "list": "listWorkspaces"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name; servers and keys refer to the workspace by it."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "authnWebhook": {
            "$ref": "#/components/schemas/Name",
            "description": "A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises."
          },
          "authentication": {
            "$ref": "#/components/schemas/Authentication"
          },
          "defaultAccess": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ],
            "default": "allow",
            "description": "What principals of the workspace may do on servers no allow policy names."
          },
          "authzWebhook": {
            "$ref": "#/components/schemas/Name",
            "description": "A webhook (by name, of this workspace) asked to authorize each request the access policies allow."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "WorkspacePatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "defaultAccess": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "authzWebhook": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
          },
          "authnWebhook": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
          },
          "authentication": {
            "type": [
              "object",
              "null"
            ],
            "description": "Accepted credentials to set; a field set to `null` returns to its default, `null` removes the block.",
            "additionalProperties": false,
            "properties": {
              "methods": {
                "type": [
                  "array",
                  "null"
                ],
                "minItems": 1,
                "maxItems": 4,
                "items": {
                  "type": "string",
                  "enum": [
                    "api-key",
                    "jwt",
                    "webhook",
                    "oauth"
                  ]
                }
              },
              "identityProviders": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "$ref": "#/components/schemas/Name"
                }
              }
            }
          },
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "WorkspaceList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Workspace"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "JwsAlgorithm": {
        "type": "string",
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
        ],
        "description": "An asymmetric JWS algorithm (`none` and the HMAC algorithms are never accepted)."
      },
      "Scope": {
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "pattern": "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
        "description": "An OAuth scope token (RFC 6749 §3.3)."
      },
      "ClaimName": {
        "type": "string",
        "minLength": 1,
        "maxLength": 256,
        "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$"
      },
      "IdentityProviderClaims": {
        "type": "object",
        "description": "Which token claims make the principal.",
        "additionalProperties": false,
        "properties": {
          "user": {
            "$ref": "#/components/schemas/ClaimName",
            "default": "sub",
            "description": "The claim holding the user id."
          },
          "email": {
            "$ref": "#/components/schemas/ClaimName",
            "default": "email",
            "description": "The claim holding the user's email address (optional in tokens)."
          },
          "teams": {
            "$ref": "#/components/schemas/ClaimName",
            "default": "groups",
            "description": "The claim holding the user's teams (a list, or one space-separated string)."
          },
          "workspace": {
            "$ref": "#/components/schemas/ClaimName",
            "description": "A claim naming the workspace of the user. When set, the provider's tokens serve the workspace the claim names (whatever workspace the provider is registered in); when unset, only the provider's own workspace."
          }
        }
      },
      "Authentication": {
        "type": "object",
        "description": "Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named.",
        "additionalProperties": false,
        "properties": {
          "methods": {
            "type": "array",
            "minItems": 1,
            "maxItems": 4,
            "items": {
              "type": "string",
              "enum": [
                "api-key",
                "jwt",
                "webhook",
                "oauth"
              ]
            },
            "description": "The methods accepted: api keys, identity-provider tokens (`jwt`), the authentication webhook, and tokens of the gateway's own authorization server (`oauth`)."
          },
          "identityProviders": {
            "type": "array",
            "x-mcpgateway-empty-differs": true,
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Name"
            },
            "description": "The identity providers (by name) whose people are accepted: their providers' own tokens, and the gateway's own tokens of people who signed in (or were asserted) through them. Every one when unset."
          }
        }
      },
      "IdentityProviderLogin": {
        "type": "object",
        "description": "Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require.",
        "additionalProperties": false,
        "required": [
          "clientId"
        ],
        "properties": {
          "clientId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256,
            "description": "The gateway's client id at the provider."
          },
          "clientSecret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 1,
            "maxLength": 512,
            "description": "The gateway's client secret at the provider, presented at its token endpoint by the token endpoint auth method. Never returned."
          },
          "tokenEndpointAuthMethod": {
            "type": "string",
            "enum": [
              "client_secret_basic",
              "client_secret_post"
            ],
            "default": "client_secret_basic",
            "description": "How the client secret is presented at the provider's token endpoint (RFC 6749 section 2.3.1)."
          },
          "scopes": {
            "type": "array",
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/Scope"
            },
            "description": "Scopes asked of the provider besides `openid`."
          },
          "vaultLinkSignIn": {
            "type": "boolean",
            "default": true,
            "description": "Whether a token vault consent link of a user signed in through this provider (directly, or through the gateway's own sign-in with it) asks the person at the browser to sign in here as that user before anything is connected (MCP's URL-elicitation phishing guard); anyone else is refused and the link is spent. Turn off for a provider whose tokens' users cannot sign in at a browser (machines) or whose ID tokens name users otherwise than its access tokens: the link's page then only names its user."
          },
          "grantLifetimeSeconds": {
            "type": "integer",
            "minimum": 300,
            "maximum": 7776000,
            "default": 7776000,
            "description": "How long a person's grant at the gateway lasts however often its client refreshes it (90 days at most): then the person signs in here again, and the gateway learns their teams and claims anew (they are kept from the sign-in until then). Read at every refresh: shortening it ends longer grants at their next refresh. A grant whose provider is deleted or disabled ends too (grants of sign-ins before this setting existed last their 90 days)."
          }
        }
      },
      "IdentityProviderRoles": {
        "type": "object",
        "description": "Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink.",
        "additionalProperties": false,
        "properties": {
          "claim": {
            "$ref": "#/components/schemas/ClaimName",
            "default": "roles",
            "description": "The claim holding the caller's roles (a list, or one space-separated string)."
          },
          "admin": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Claim values that make the caller an admin."
          },
          "workspaceAdmin": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Claim values that make the caller an admin of its workspace."
          },
          "viewer": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Claim values that let the caller read its workspace."
          },
          "audiences": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            },
            "description": "`aud` values accepted at the management API besides `<gateway>/v1`, for providers that cannot issue tokens per resource (an API identifier of the management API's own). Never an MCP server's resource (`…/mcp/{server}`) nor one the provider's `audiences` name: a token a client holds for MCP servers is no management credential."
          }
        }
      },
      "IdentityProvider": {
        "type": "object",
        "description": "An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired.",
        "x-mcpgateway-resource": {
          "type": "identity_provider",
          "plural": "identity-providers",
          "path": "/v1/identity-providers",
          "operations": {
            "create": "createIdentityProvider",
            "read": "getIdentityProvider",
            "update": "updateIdentityProvider",
            "delete": "deleteIdentityProvider",
            "list": "listIdentityProviders"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "issuer"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace (by name) whose servers accept the provider's tokens."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true,
            "description": "A disabled provider's tokens are refused."
          },
          "issuer": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset."
          },
          "jwksUri": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The provider's JSON Web Key Set; read from the discovery document when unset."
          },
          "audiences": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            },
            "description": "`aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id)."
          },
          "algorithms": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
              "$ref": "#/components/schemas/JwsAlgorithm"
            },
            "description": "The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA."
          },
          "clockSkewSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 300,
            "default": 60,
            "description": "Tolerance for `exp`, `nbf` and `iat` against the gateway's clock."
          },
          "requiredClaims": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/ClaimName"
            },
            "description": "Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim)."
          },
          "claims": {
            "$ref": "#/components/schemas/IdentityProviderClaims"
          },
          "roles": {
            "$ref": "#/components/schemas/IdentityProviderRoles"
          },
          "login": {
            "$ref": "#/components/schemas/IdentityProviderLogin"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "IdentityProviderPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "issuer": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "jwksUri": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "audiences": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            }
          },
          "algorithms": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 10,
            "items": {
              "$ref": "#/components/schemas/JwsAlgorithm"
            }
          },
          "clockSkewSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 300
          },
          "requiredClaims": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/ClaimName"
            }
          },
          "claims": {
            "type": [
              "object",
              "null"
            ],
            "description": "Claim mappings to set; a mapping set to `null` returns to its default.",
            "additionalProperties": false,
            "properties": {
              "user": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 256
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 256
              },
              "teams": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 256
              },
              "workspace": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 256
              }
            }
          },
          "roles": {
            "type": [
              "object",
              "null"
            ],
            "description": "Role mappings to set; a mapping set to `null` is removed, `null` removes them all.",
            "additionalProperties": false,
            "properties": {
              "claim": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 256
              },
              "admin": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              "workspaceAdmin": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              "viewer": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 256
                }
              },
              "audiences": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 2048
                }
              }
            }
          },
          "login": {
            "type": [
              "object",
              "null"
            ],
            "description": "The sign-in block to set; `null` removes it.",
            "additionalProperties": false,
            "properties": {
              "clientId": {
                "type": "string",
                "minLength": 1,
                "maxLength": 256
              },
              "clientSecret": {
                "type": [
                  "string",
                  "null"
                ],
                "writeOnly": true,
                "minLength": 1,
                "maxLength": 512,
                "description": "A new client secret; `null` makes the gateway a public client at the provider."
              },
              "tokenEndpointAuthMethod": {
                "type": "string",
                "enum": [
                  "client_secret_basic",
                  "client_secret_post"
                ]
              },
              "scopes": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 16,
                "items": {
                  "$ref": "#/components/schemas/Scope"
                }
              },
              "vaultLinkSignIn": {
                "type": "boolean"
              },
              "grantLifetimeSeconds": {
                "type": "integer",
                "minimum": 300,
                "maximum": 7776000
              }
            }
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "IdentityProviderList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/IdentityProvider"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "Webhook": {
        "type": "object",
        "description": "An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`\"list\": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{\"allow\": boolean, \"reason\"?: string}`.",
        "x-mcpgateway-resource": {
          "type": "webhook",
          "plural": "webhooks",
          "path": "/v1/webhooks",
          "operations": {
            "create": "createWebhook",
            "read": "getWebhook",
            "update": "updateWebhook",
            "delete": "deleteWebhook",
            "list": "listWebhooks"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "url",
          "secret"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name; workspaces and servers refer to the webhook by it."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace (by name) whose workspace and servers may use the webhook."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "url": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard."
          },
          "secret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 32,
            "maxLength": 256,
            "description": "The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of \"<X-MCP-Gateway-Timestamp>.<body>\">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned."
          },
          "timeoutMs": {
            "type": "integer",
            "minimum": 100,
            "maximum": 30000,
            "default": 3000,
            "description": "Time the webhook has to answer."
          },
          "failMode": {
            "type": "string",
            "enum": [
              "closed",
              "open"
            ],
            "default": "closed",
            "description": "What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `\"allow\": false` (a scanner's `\"action\": \"block\"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes."
          },
          "cacheSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 3600,
            "default": 60,
            "description": "How long an answer is reused for the same credential and headers."
          },
          "headers": {
            "type": "array",
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "description": "Request headers passed to the webhook besides the credential (for example a session cookie)."
          },
          "sendArguments": {
            "type": "boolean",
            "default": false,
            "description": "As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "WebhookPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "secret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 32,
            "maxLength": 256
          },
          "timeoutMs": {
            "type": "integer",
            "minimum": 100,
            "maximum": 30000
          },
          "failMode": {
            "type": "string",
            "enum": [
              "closed",
              "open"
            ]
          },
          "cacheSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 3600
          },
          "headers": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/HeaderName"
            }
          },
          "sendArguments": {
            "type": "boolean"
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "Registry": {
        "type": "object",
        "description": "An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set.",
        "x-mcpgateway-resource": {
          "type": "registry",
          "plural": "registries",
          "path": "/v1/registries",
          "operations": {
            "create": "createRegistry",
            "read": "getRegistry",
            "update": "updateRegistry",
            "delete": "deleteRegistry",
            "list": "listRegistries"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "url"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace its servers are imported into."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "url": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The registry's base URL; the listing is read at `<url>/v0.1/servers`."
          },
          "include": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset."
          },
          "namespaces": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`)."
          },
          "schedule": {
            "type": "string",
            "pattern": "^[1-9][0-9]{0,3}[mhd]$",
            "description": "How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes."
          },
          "headers": {
            "type": "object",
            "writeOnly": true,
            "description": "Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too.",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": "string",
              "maxLength": 4096
            },
            "maxProperties": 16
          },
          "lastSync": {
            "type": "object",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`).",
            "properties": {
              "at": {
                "type": "string",
                "format": "date-time"
              },
              "created": {
                "type": "integer"
              },
              "updated": {
                "type": "integer"
              },
              "disabled": {
                "type": "integer"
              },
              "skipped": {
                "type": "integer"
              },
              "error": {
                "type": "string"
              }
            }
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "RegistryPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "include": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "namespaces": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 64,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            }
          },
          "schedule": {
            "type": [
              "string",
              "null"
            ],
            "pattern": "^[1-9][0-9]{0,3}[mhd]$"
          },
          "headers": {
            "type": [
              "object",
              "null"
            ],
            "writeOnly": true,
            "description": "Headers to set; a header set to `null` is removed, `null` removes all headers.",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 4096
            },
            "maxProperties": 16
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "RegistryList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Registry"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "RegistrySyncReport": {
        "type": "object",
        "required": [
          "registry",
          "syncedAt",
          "created",
          "updated",
          "disabled",
          "skipped"
        ],
        "properties": {
          "registry": {
            "type": "string"
          },
          "syncedAt": {
            "type": "string",
            "format": "date-time"
          },
          "incomplete": {
            "type": "string",
            "description": "Set when the sync ran out of its time (a Lambda function's) before every entry: why. The servers it did not reach are as they were (none is disabled), and `lastSync.error` says the same."
          },
          "created": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RegistrySyncEntry"
            }
          },
          "updated": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RegistrySyncEntry"
            }
          },
          "disabled": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RegistrySyncEntry"
            }
          },
          "skipped": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RegistrySyncEntry"
            }
          }
        }
      },
      "RegistrySyncEntry": {
        "type": "object",
        "required": [
          "name"
        ],
        "properties": {
          "name": {
            "type": "string",
            "description": "The registry entry's name."
          },
          "server": {
            "type": "string",
            "description": "The gateway server's name."
          },
          "version": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          }
        }
      },
      "TelemetrySink": {
        "type": "object",
        "description": "An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`).",
        "x-mcpgateway-resource": {
          "type": "telemetry_sink",
          "plural": "telemetry-sinks",
          "path": "/v1/telemetry-sinks",
          "operations": {
            "create": "createTelemetrySink",
            "read": "getTelemetrySink",
            "update": "updateTelemetrySink",
            "delete": "deleteTelemetrySink",
            "list": "listTelemetrySinks"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "endpoint"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "endpoint": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard."
          },
          "protocol": {
            "type": "string",
            "enum": [
              "http/protobuf",
              "http/json"
            ],
            "default": "http/protobuf"
          },
          "headers": {
            "type": "object",
            "writeOnly": true,
            "description": "Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too.",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": "string",
              "maxLength": 4096
            },
            "maxProperties": 16
          },
          "sampling": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 1,
            "description": "The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose)."
          },
          "signals": {
            "type": "array",
            "uniqueItems": true,
            "minItems": 1,
            "items": {
              "type": "string",
              "enum": [
                "traces",
                "metrics"
              ]
            },
            "default": [
              "traces",
              "metrics"
            ]
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "TelemetrySinkPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "endpoint": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "http/protobuf",
              "http/json"
            ]
          },
          "headers": {
            "type": [
              "object",
              "null"
            ],
            "writeOnly": true,
            "description": "Headers to set; a header set to `null` is removed, `null` removes all headers.",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 4096
            },
            "maxProperties": 16
          },
          "sampling": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "signals": {
            "type": "array",
            "uniqueItems": true,
            "minItems": 1,
            "items": {
              "type": "string",
              "enum": [
                "traces",
                "metrics"
              ]
            }
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "TelemetrySinkList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TelemetrySink"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "WebhookList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Webhook"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "UserId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 256,
        "description": "A user id as the principal carries it (an api key's `user`, a token's user claim)."
      },
      "ResealReport": {
        "type": "object",
        "required": [
          "sealed",
          "current",
          "unopenable",
          "pending",
          "complete"
        ],
        "additionalProperties": false,
        "properties": {
          "sealed": {
            "type": "integer",
            "description": "Stored items sealed anew (under a previous key before, or in the clear)."
          },
          "current": {
            "type": "integer",
            "description": "Stored items already sealed under the current key, or sealed anew by a write meanwhile."
          },
          "unopenable": {
            "type": "array",
            "description": "What no key of this gateway opens (`<type> <id>`, `vault token <server id> <user>`, `vault client <key>`, `signing key <kid>`), left as it is: a resource to give its secrets anew, a token its user connects anew (a signing key is replaced by a new one when next used).",
            "items": {
              "type": "string"
            }
          },
          "pending": {
            "type": "array",
            "description": "What was being written at the same moment (a token renewal under way), left as it is: run the reseal again.",
            "items": {
              "type": "string"
            }
          },
          "complete": {
            "type": "boolean",
            "description": "False when the call stopped at its time budget before reaching everything: call it again (what is sealed under the current key already is read again and skipped without a write)."
          }
        }
      },
      "SignOutRequest": {
        "type": "object",
        "required": [
          "user"
        ],
        "additionalProperties": false,
        "properties": {
          "user": {
            "$ref": "#/components/schemas/UserId"
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "description": "The user's workspace (default `default`; a workspace admin's own)."
          }
        }
      },
      "SignOut": {
        "type": "object",
        "required": [
          "user",
          "workspace",
          "signedOutAt"
        ],
        "properties": {
          "user": {
            "$ref": "#/components/schemas/UserId"
          },
          "workspace": {
            "$ref": "#/components/schemas/Name"
          },
          "signedOutAt": {
            "type": "string",
            "format": "date-time",
            "description": "Tokens issued up to this second are refused."
          }
        }
      },
      "Team": {
        "type": "object",
        "description": "A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well.",
        "x-mcpgateway-resource": {
          "type": "team",
          "plural": "teams",
          "path": "/v1/teams",
          "operations": {
            "create": "createTeam",
            "read": "getTeam",
            "update": "updateTeam",
            "delete": "deleteTeam",
            "list": "listTeams"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name; access policies refer to the team by it."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "members": {
            "type": "array",
            "maxItems": 1000,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/UserId"
            },
            "description": "Users who belong to the team."
          },
          "claim": {
            "$ref": "#/components/schemas/ClaimName",
            "description": "A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`."
          },
          "values": {
            "type": "array",
            "maxItems": 64,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            },
            "description": "The values of `claim` that mean membership; required (at least one) with `claim`."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "TeamList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Team"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "TeamPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "members": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 1000,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/UserId"
            }
          },
          "claim": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/ClaimName"
              },
              {
                "type": "null"
              }
            ]
          },
          "values": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 64,
            "uniqueItems": true,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 256
            }
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "ClaimCondition": {
        "type": "object",
        "description": "A condition on one claim of the principal's token. `equals`/`notEquals`: the claim is (is not) one of `values` — for a list claim, one of its elements is (none is); `in` and `notIn` say the same for lists of allowed values; `contains`: a list claim has every one of `values` as an element, a string claim has each as a substring; `matches`: the claim (or an element) matches one of `values` as a whole regular expression (RE2 syntax, run in linear time; no lookarounds or backreferences); `exists`: the claim is present (`values` unused). Every other op requires at least one of `values`. `notEquals`/`notIn` on a claim the token does not carry (or carries as an object, or as a list holding an object or a null) cannot be judged: an allow policy does not apply to that principal, a deny policy does.",
        "required": [
          "claim",
          "op"
        ],
        "additionalProperties": false,
        "properties": {
          "claim": {
            "$ref": "#/components/schemas/ClaimName"
          },
          "op": {
            "type": "string",
            "enum": [
              "equals",
              "notEquals",
              "in",
              "notIn",
              "contains",
              "matches",
              "exists"
            ]
          },
          "values": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "type": "string",
              "maxLength": 512
            }
          }
        }
      },
      "AccessSubjects": {
        "type": "object",
        "description": "Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean \"nobody\").",
        "additionalProperties": false,
        "properties": {
          "users": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1000,
            "items": {
              "$ref": "#/components/schemas/UserId"
            },
            "description": "User ids; `*` matches any run of characters."
          },
          "teams": {
            "type": "array",
            "minItems": 1,
            "maxItems": 64,
            "items": {
              "$ref": "#/components/schemas/Name"
            },
            "description": "Teams (by name, of the policy's workspace)."
          },
          "claims": {
            "type": "array",
            "minItems": 1,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/ClaimCondition"
            }
          }
        }
      },
      "AccessPolicy": {
        "type": "object",
        "description": "A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == \"sre\"`) is refused; `claims`, `arguments` and `headers` take any key.",
        "x-mcpgateway-resource": {
          "type": "access_policy",
          "plural": "access-policies",
          "path": "/v1/access-policies",
          "operations": {
            "create": "createAccessPolicy",
            "read": "getAccessPolicy",
            "update": "updateAccessPolicy",
            "delete": "deleteAccessPolicy",
            "list": "listAccessPolicies"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "effect"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "effect": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "priority": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100000,
            "default": 1000,
            "description": "Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason."
          },
          "subjects": {
            "$ref": "#/components/schemas/AccessSubjects"
          },
          "servers": {
            "type": "array",
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused)."
          },
          "tools": {
            "type": "array",
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tool names (`*` wildcard) the rule is about."
          },
          "prompts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Prompt names (`*` wildcard) the rule is about."
          },
          "resources": {
            "type": "array",
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            },
            "description": "Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches."
          },
          "methods": {
            "type": "array",
            "minItems": 1,
            "maxItems": 64,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128,
              "pattern": "^[A-Za-z0-9_/*.-]+$"
            },
            "description": "MCP methods (`*` wildcard, `resources/*`) the rule is about."
          },
          "condition": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4096,
            "description": "A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith(\"/tmp/\")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "AccessPolicyList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AccessPolicy"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "AccessPolicyPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "effect": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "priority": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100000
          },
          "subjects": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/AccessSubjects"
              },
              {
                "type": "null"
              }
            ]
          },
          "servers": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "tools": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "prompts": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "resources": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 256,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 2048
            }
          },
          "methods": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 64,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128,
              "pattern": "^[A-Za-z0-9_/*.-]+$"
            }
          },
          "condition": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 4096
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "AccessQuestion": {
        "type": "object",
        "required": [
          "principal",
          "server"
        ],
        "additionalProperties": false,
        "properties": {
          "principal": {
            "type": "object",
            "required": [
              "user"
            ],
            "additionalProperties": false,
            "properties": {
              "user": {
                "$ref": "#/components/schemas/UserId"
              },
              "email": {
                "type": "string",
                "maxLength": 320,
                "description": "The email a token would carry (what conditions read as `principal.email`)."
              },
              "teams": {
                "type": "array",
                "maxItems": 64,
                "items": {
                  "type": "string",
                  "maxLength": 256
                },
                "description": "Teams a token would name; the workspace's teams add their members and claims."
              },
              "claims": {
                "type": "object",
                "description": "The token's claims."
              },
              "method": {
                "type": "string",
                "maxLength": 32,
                "description": "How the principal authenticated (`api-key`, `jwt`, `oauth`, `webhook`)."
              }
            }
          },
          "server": {
            "$ref": "#/components/schemas/Name"
          },
          "method": {
            "type": "string",
            "maxLength": 128,
            "default": "tools/call"
          },
          "tool": {
            "type": "string",
            "maxLength": 512,
            "description": "A tool's name, as long as the gateway takes one (512 bytes)."
          },
          "prompt": {
            "type": "string",
            "maxLength": 512
          },
          "resource": {
            "type": "string",
            "maxLength": 16384,
            "description": "A resource's URI, as long as the gateway takes one (16 KiB)."
          },
          "arguments": {
            "type": "object"
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "type": "string",
              "maxLength": 4096
            },
            "description": "Request headers, for conditions on `request.headers`."
          }
        }
      },
      "AccessDecision": {
        "type": "object",
        "required": [
          "decision",
          "reason",
          "source"
        ],
        "properties": {
          "decision": {
            "type": "string",
            "enum": [
              "allow",
              "deny"
            ]
          },
          "source": {
            "type": "string",
            "enum": [
              "policy",
              "default",
              "provisioning",
              "pinning",
              "webhook"
            ],
            "description": "What decided: an access policy, the default (no policy applies; a disabled server, a way of signing in or a token's scopes the server does not accept), tool provisioning, tool pinning (a quarantined tool), or the authorization webhook."
          },
          "policy": {
            "type": "string",
            "description": "The deciding access policy (by name), when one did."
          },
          "webhook": {
            "type": "string",
            "description": "The authorization webhook (by name) asked after the policies allowed, when one is set."
          },
          "reason": {
            "type": "string"
          }
        }
      },
      "SeenUser": {
        "type": "object",
        "required": [
          "user",
          "workspace",
          "lastSeenAt"
        ],
        "properties": {
          "user": {
            "$ref": "#/components/schemas/UserId"
          },
          "workspace": {
            "$ref": "#/components/schemas/Name"
          },
          "email": {
            "type": "string"
          },
          "method": {
            "type": "string",
            "description": "How it last authenticated."
          },
          "provider": {
            "type": "string",
            "description": "The identity provider of its last token."
          },
          "teams": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "The teams it belonged to when last seen."
          },
          "firstSeenAt": {
            "type": "string",
            "format": "date-time"
          },
          "lastSeenAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "UsageReport": {
        "type": "object",
        "required": [
          "buckets"
        ],
        "properties": {
          "buckets": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "start",
                "calls",
                "errors",
                "uniqueUsers",
                "latencyMs"
              ],
              "properties": {
                "start": {
                  "type": "string",
                  "format": "date-time"
                },
                "calls": {
                  "type": "integer"
                },
                "errors": {
                  "type": "integer",
                  "description": "JSON-RPC errors, tool results with `isError`, and requests the gateway refused."
                },
                "uniqueUsers": {
                  "type": "integer"
                },
                "latencyMs": {
                  "type": "object",
                  "properties": {
                    "p50": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "p95": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "p99": {
                      "type": [
                        "number",
                        "null"
                      ]
                    }
                  }
                },
                "histogram": {
                  "type": "array",
                  "description": "Calls per latency bucket; `le` is its upper bound in ms (`null`, above the last).",
                  "items": {
                    "type": "object",
                    "properties": {
                      "le": {
                        "type": [
                          "number",
                          "null"
                        ]
                      },
                      "count": {
                        "type": "integer"
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "AuditEventType": {
        "type": "string",
        "enum": [
          "resource.created",
          "resource.updated",
          "resource.deleted",
          "api_key.rotated",
          "token.revoked",
          "user.signed_out",
          "access.denied",
          "guardrail.blocked",
          "guardrail.redacted",
          "guardrail.logged",
          "tool.quarantined",
          "tool.approved",
          "registry.synced",
          "budget.alert",
          "audit.dropped",
          "sealing.resealed"
        ]
      },
      "AuditEvent": {
        "type": "object",
        "required": [
          "id",
          "at",
          "type",
          "actor"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "type": {
            "$ref": "#/components/schemas/AuditEventType"
          },
          "workspace": {
            "type": "string"
          },
          "actor": {
            "type": "object",
            "required": [
              "kind",
              "id"
            ],
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "admin",
                  "user",
                  "gateway"
                ]
              },
              "id": {
                "type": "string"
              },
              "method": {
                "type": "string",
                "description": "How the actor authenticated, or an admin's role."
              }
            }
          },
          "resource": {
            "type": "object",
            "required": [
              "type",
              "id"
            ],
            "properties": {
              "type": {
                "type": "string"
              },
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              }
            }
          },
          "before": {
            "type": "object",
            "description": "The resource before the change, write-only fields removed. When it and `after` are large (over 96 KiB together), only the fields that changed, and then each field over 2 KiB as `{\"omitted\": true, \"bytes\", \"sha256\"}`."
          },
          "after": {
            "type": "object",
            "description": "The resource after the change, write-only fields removed (bounded as `before` is)."
          },
          "server": {
            "type": "string"
          },
          "tool": {
            "type": "string"
          },
          "method": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "requestId": {
            "type": "string",
            "description": "The request's `X-Request-Id` (sent by the client, else generated and answered)."
          },
          "detail": {
            "type": "object",
            "description": "What else the event tells, by type: `resource.updated` has `writeOnlyChanged`, the write-only values given anew (JSON pointers, e.g. `/secret`: a rotation its records cannot show); `registry.synced` has the sync's counts or its `error` (the registry's `lastSync`); `token.revoked` has `user` and `upstream` (what became of the grant at the authorization server that issued it); a server's `resource.deleted` has `upstreamTokens` when its users had tokens in the token vault, counting their grants by what became of them there (`revoked`, `unsupported`, `unopened`, `failed`), or `unrevoked` when the vault failed part-way (the tokens forgotten, not revoked) and `kept` when they could not even be forgotten."
          }
        }
      },
      "AuditEventList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditEvent"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "UserList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SeenUser"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "CountedPer": {
        "type": "string",
        "enum": [
          "user",
          "team",
          "workspace",
          "server",
          "tool"
        ]
      },
      "RateLimit": {
        "type": "object",
        "description": "At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`.",
        "x-mcpgateway-resource": {
          "type": "rate_limit",
          "plural": "rate-limits",
          "path": "/v1/rate-limits",
          "operations": {
            "create": "createRateLimit",
            "read": "getRateLimit",
            "update": "updateRateLimit",
            "delete": "deleteRateLimit",
            "list": "listRateLimits"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "limit",
          "window"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "servers": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace."
          },
          "tools": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget)."
          },
          "per": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 5,
            "items": {
              "$ref": "#/components/schemas/CountedPer"
            },
            "default": [
              "user"
            ],
            "description": "What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`)."
          },
          "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000000000
          },
          "window": {
            "type": "string",
            "enum": [
              "second",
              "minute",
              "hour",
              "day"
            ]
          },
          "algorithm": {
            "type": "string",
            "enum": [
              "sliding-window",
              "token-bucket"
            ],
            "default": "sliding-window"
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "RateLimitList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RateLimit"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "RateLimitPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "servers": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "tools": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "per": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 5,
            "items": {
              "$ref": "#/components/schemas/CountedPer"
            }
          },
          "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000000000
          },
          "window": {
            "type": "string",
            "enum": [
              "second",
              "minute",
              "hour",
              "day"
            ]
          },
          "algorithm": {
            "type": "string",
            "enum": [
              "sliding-window",
              "token-bucket"
            ]
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "Budget": {
        "type": "object",
        "description": "At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it.",
        "x-mcpgateway-resource": {
          "type": "budget",
          "plural": "budgets",
          "path": "/v1/budgets",
          "operations": {
            "create": "createBudget",
            "read": "getBudget",
            "update": "updateBudget",
            "delete": "deleteBudget",
            "list": "listBudgets"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "amount",
          "period"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "servers": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace."
          },
          "tools": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget)."
          },
          "per": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 5,
            "items": {
              "$ref": "#/components/schemas/CountedPer"
            },
            "default": [
              "user"
            ],
            "description": "What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`)."
          },
          "amount": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1000000000
          },
          "period": {
            "type": "string",
            "enum": [
              "day",
              "month"
            ]
          },
          "alertAt": {
            "type": "array",
            "maxItems": 8,
            "uniqueItems": true,
            "items": {
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 1
            },
            "default": [
              0.8
            ]
          },
          "action": {
            "type": "string",
            "enum": [
              "alert",
              "block"
            ],
            "default": "block"
          },
          "webhook": {
            "$ref": "#/components/schemas/Name",
            "description": "A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "Guardrail": {
        "type": "object",
        "description": "Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{\"action\": \"allow\" | \"block\" | \"redact\", \"reason\"?, \"payload\"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`.",
        "x-mcpgateway-resource": {
          "type": "guardrail",
          "plural": "guardrails",
          "path": "/v1/guardrails",
          "operations": {
            "create": "createGuardrail",
            "read": "getGuardrail",
            "update": "updateGuardrail",
            "delete": "deleteGuardrail",
            "list": "listGuardrails"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "servers": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Server names (`*` wildcard) it applies to; none means every server of the workspace."
          },
          "tools": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too."
          },
          "direction": {
            "type": "string",
            "enum": [
              "input",
              "output",
              "both"
            ],
            "default": "both"
          },
          "detectors": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/GuardrailDetector"
            }
          },
          "patterns": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512
            },
            "description": "Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused."
          },
          "keywords": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128
            },
            "description": "Words whose occurrences (case-insensitive, whole words) are findings."
          },
          "maxBytes": {
            "type": "integer",
            "minimum": 1,
            "maximum": 16777216,
            "description": "A payload larger than this (as JSON) is a finding that redaction cannot remove."
          },
          "action": {
            "type": "string",
            "enum": [
              "block",
              "redact",
              "log"
            ],
            "default": "block"
          },
          "webhook": {
            "$ref": "#/components/schemas/Name",
            "description": "A webhook (by name, of the workspace) asked to scan the payload too."
          },
          "definitions": {
            "type": "boolean",
            "default": false,
            "description": "Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "GuardrailDetector": {
        "type": "string",
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
      },
      "GuardrailList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Guardrail"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "GuardrailPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "servers": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "tools": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "direction": {
            "type": "string",
            "enum": [
              "input",
              "output",
              "both"
            ]
          },
          "detectors": {
            "type": [
              "array",
              "null"
            ],
            "uniqueItems": true,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/GuardrailDetector"
            }
          },
          "patterns": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 32,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 512
            }
          },
          "keywords": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128
            }
          },
          "maxBytes": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 16777216
          },
          "action": {
            "type": "string",
            "enum": [
              "block",
              "redact",
              "log"
            ]
          },
          "webhook": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Name"
              },
              {
                "type": "null"
              }
            ]
          },
          "definitions": {
            "type": "boolean"
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "BudgetList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Budget"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "BudgetPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "servers": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "tools": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            }
          },
          "per": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 5,
            "items": {
              "$ref": "#/components/schemas/CountedPer"
            }
          },
          "amount": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1000000000
          },
          "period": {
            "type": "string",
            "enum": [
              "day",
              "month"
            ]
          },
          "alertAt": {
            "type": "array",
            "maxItems": 8,
            "uniqueItems": true,
            "items": {
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 1
            }
          },
          "action": {
            "type": "string",
            "enum": [
              "alert",
              "block"
            ]
          },
          "webhook": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Name"
              },
              {
                "type": "null"
              }
            ]
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "BudgetUsage": {
        "type": "object",
        "required": [
          "budget",
          "period",
          "items"
        ],
        "properties": {
          "nextCursor": {
            "type": "string",
            "description": "Where the next page starts; absent on the last page."
          },
          "budget": {
            "type": "string"
          },
          "period": {
            "type": "string",
            "description": "The current period (`2026-12-01` or `2026-12`)."
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "key",
                "spent"
              ],
              "properties": {
                "key": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  },
                  "description": "The counted-apart values (user, team, …)."
                },
                "spent": {
                  "type": "number"
                },
                "remaining": {
                  "type": "number"
                }
              }
            }
          }
        }
      },
      "OAuthClient": {
        "type": "object",
        "description": "A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration).",
        "x-mcpgateway-resource": {
          "type": "oauth_client",
          "plural": "oauth-clients",
          "path": "/v1/oauth-clients",
          "operations": {
            "create": "createOAuthClient",
            "read": "getOAuthClient",
            "update": "updateOAuthClient",
            "delete": "deleteOAuthClient",
            "list": "listOAuthClients"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace (by name) whose servers the client's tokens reach."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true,
            "description": "A disabled client obtains no tokens; tokens already issued run out within their lifetime."
          },
          "subject": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256,
            "description": "The user id the client's tokens carry (`sub`); the client's name when unset."
          },
          "tokenEndpointAuthMethod": {
            "type": "string",
            "enum": [
              "client_secret_basic",
              "client_secret_post",
              "private_key_jwt",
              "none"
            ],
            "default": "client_secret_basic",
            "description": "How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE.",
            "x-mcpgateway-replace-across": [
              [
                "client_secret_basic",
                "client_secret_post"
              ],
              [
                "private_key_jwt",
                "none"
              ]
            ]
          },
          "redirectUris": {
            "type": "array",
            "maxItems": 16,
            "items": {
              "type": "string",
              "format": "uri",
              "maxLength": 2048
            },
            "description": "Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set."
          },
          "metadataDocument": {
            "type": "string",
            "readOnly": true,
            "description": "For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen."
          },
          "registeredBy": {
            "type": "string",
            "readOnly": true,
            "enum": [
              "admin",
              "dynamic-registration",
              "metadata-document"
            ],
            "description": "How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins)."
          },
          "secret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 32,
            "maxLength": 256,
            "pattern": "^[A-Za-z0-9._~+/=-]+$",
            "x-mcpgateway-immutable": true,
            "description": "The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned."
          },
          "jwksUri": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "Where the client publishes the keys of its `private_key_jwt` assertions."
          },
          "accessTokenTtlSeconds": {
            "type": "integer",
            "minimum": 60,
            "maximum": 3600,
            "default": 900,
            "description": "Lifetime of the access tokens the client obtains."
          },
          "scopes": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            },
            "description": "The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "OAuthClientPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "subject": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 256
          },
          "tokenEndpointAuthMethod": {
            "type": "string",
            "enum": [
              "client_secret_basic",
              "client_secret_post",
              "private_key_jwt",
              "none"
            ]
          },
          "redirectUris": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 16,
            "items": {
              "type": "string",
              "format": "uri",
              "maxLength": 2048
            }
          },
          "jwksUri": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "accessTokenTtlSeconds": {
            "type": "integer",
            "minimum": 60,
            "maximum": 3600
          },
          "scopes": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            }
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "OAuthClientList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OAuthClient"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "Server": {
        "type": "object",
        "description": "An upstream MCP server, reachable through the gateway at `/mcp/{name}`.",
        "x-mcpgateway-resource": {
          "type": "server",
          "plural": "servers",
          "path": "/v1/servers",
          "operations": {
            "create": "createServer",
            "read": "getServer",
            "update": "updateServer",
            "delete": "deleteServer",
            "list": "listServers"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "$ref": "#/components/schemas/Name",
            "x-mcpgateway-immutable": true,
            "description": "Unique name; clients connect to `/mcp/{name}`."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace (by name) the server belongs to."
          },
          "url": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`."
          },
          "transport": {
            "type": "string",
            "enum": [
              "streamable-http",
              "stateless-http",
              "sse",
              "openapi",
              "lambda",
              "virtual"
            ],
            "default": "streamable-http",
            "description": "`streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`)."
          },
          "openapi": {
            "$ref": "#/components/schemas/OpenApiSource"
          },
          "function": {
            "$ref": "#/components/schemas/LambdaFunction",
            "x-mcpgateway-destination": true
          },
          "members": {
            "type": "array",
            "minItems": 1,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/VirtualMember"
            },
            "description": "The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked."
          },
          "description": {
            "type": "string",
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean",
            "default": true,
            "description": "A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled."
          },
          "disabledAt": {
            "type": "string",
            "format": "date-time",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "When the server was last disabled; sessions opened before this time are ended."
          },
          "enabledAt": {
            "type": "string",
            "format": "date-time",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too."
          },
          "timeoutMs": {
            "type": "integer",
            "minimum": 100,
            "maximum": 900000,
            "default": 60000,
            "description": "Time allowed for one upstream request, including a streamed response."
          },
          "headers": {
            "type": "object",
            "writeOnly": true,
            "description": "Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed).",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": "string",
              "maxLength": 4096
            },
            "maxProperties": 32
          },
          "tools": {
            "$ref": "#/components/schemas/ToolProvisioning"
          },
          "authnWebhook": {
            "$ref": "#/components/schemas/Name",
            "description": "The authentication webhook for this server (by name, of its workspace); else the workspace's."
          },
          "authzWebhook": {
            "$ref": "#/components/schemas/Name",
            "description": "The authorization webhook for this server (by name, of its workspace); else the workspace's."
          },
          "identity": {
            "$ref": "#/components/schemas/IdentityForwarding"
          },
          "credentials": {
            "$ref": "#/components/schemas/UpstreamCredentials"
          },
          "toolTimeoutsMs": {
            "type": "object",
            "description": "Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`.",
            "propertyNames": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "additionalProperties": {
              "type": "integer",
              "minimum": 100,
              "maximum": 900000
            },
            "maxProperties": 64
          },
          "pricing": {
            "$ref": "#/components/schemas/ServerPricing"
          },
          "targets": {
            "x-mcpgateway-destination": true,
            "type": "array",
            "minItems": 1,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/ServerTarget"
            },
            "description": "Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target."
          },
          "fallbacks": {
            "type": "array",
            "maxItems": 4,
            "uniqueItems": true,
            "x-mcpgateway-ordered": true,
            "items": {
              "$ref": "#/components/schemas/Name"
            },
            "description": "Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there."
          },
          "circuitBreaker": {
            "$ref": "#/components/schemas/CircuitBreaker"
          },
          "retry": {
            "$ref": "#/components/schemas/RetryPolicy"
          },
          "healthCheck": {
            "$ref": "#/components/schemas/HealthCheck"
          },
          "scopes": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            },
            "description": "OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped."
          },
          "authentication": {
            "$ref": "#/components/schemas/Authentication"
          },
          "logging": {
            "$ref": "#/components/schemas/ServerLogging"
          },
          "origin": {
            "type": "object",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`).",
            "properties": {
              "registry": {
                "type": "string",
                "description": "The registry it was synced from; absent for a server.json import."
              },
              "registryId": {
                "type": "string",
                "description": "The id of that registry (a registry made later under the same name is another one)."
              },
              "name": {
                "type": "string",
                "description": "The entry's name in the registry (its server.json `name`)."
              },
              "version": {
                "type": "string"
              },
              "url": {
                "type": "string",
                "description": "The address the entry gave when last applied. A server whose own `url` differs has one an admin gave it, which syncs keep."
              },
              "transport": {
                "type": "string",
                "description": "The transport the entry gave when last applied."
              },
              "headers": {
                "type": "object",
                "additionalProperties": {
                  "type": "string"
                },
                "description": "The fixed (not secret) headers the entry gave when last applied, each value as a `sha256:` digest: a server's headers are write-only."
              },
              "description": {
                "type": "string",
                "description": "The description the entry gave when last applied (empty when it gave none). It follows the entry while the server's own `description` is that one (or none); one an admin wrote stays."
              },
              "importedAt": {
                "type": "string",
                "format": "date-time"
              },
              "status": {
                "type": "string",
                "enum": [
                  "active",
                  "removed"
                ],
                "description": "`removed`: the entry left the registry (the server was disabled then)."
              },
              "enabledBeforeRemoval": {
                "type": "boolean",
                "description": "Whether the server was enabled when its entry left the registry; its return restores that."
              }
            }
          },
          "toolPinning": {
            "type": "string",
            "enum": [
              "off",
              "log",
              "quarantine"
            ],
            "default": "off",
            "description": "Guards against a server silently changing a tool (a \"rug pull\"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events."
          },
          "trustAnnotations": {
            "type": "boolean",
            "default": false,
            "description": "The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control."
          },
          "labels": {
            "$ref": "#/components/schemas/Labels"
          }
        }
      },
      "LambdaFunction": {
        "type": "string",
        "minLength": 1,
        "maxLength": 170,
        "pattern": "^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?$",
        "description": "The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`)."
      },
      "VirtualMember": {
        "type": "object",
        "description": "One member of a virtual server.",
        "required": [
          "server"
        ],
        "additionalProperties": false,
        "properties": {
          "server": {
            "$ref": "#/components/schemas/Name",
            "description": "The member server (by name, of the virtual server's workspace)."
          },
          "prefix": {
            "type": "string",
            "minLength": 1,
            "maxLength": 32,
            "pattern": "^[A-Za-z0-9_.-]+$",
            "description": "Put before each of the member's tool and prompt names (for example `github_`)."
          },
          "rename": {
            "type": "object",
            "description": "Explicit new names of some of the member's tools and prompts (by their own name); the prefix is not added to them.",
            "propertyNames": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128
            },
            "additionalProperties": {
              "type": "string",
              "minLength": 1,
              "maxLength": 128,
              "pattern": "^[A-Za-z0-9_.-]+$"
            },
            "maxProperties": 256
          }
        }
      },
      "OpenApiSource": {
        "type": "object",
        "description": "The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed).",
        "additionalProperties": false,
        "properties": {
          "url": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "document": {
            "type": "object",
            "additionalProperties": true,
            "description": "The OpenAPI document itself, instead of `url` (not both). It is stored with the server: a server whose stored form passes the store's item limit (400 KB on DynamoDB) or nests deeper than 24 levels (counted from the request body) is refused, so a large document belongs at a `url`. A patch giving `document` replaces the stored one whole (it is not merged) and drops a stored `url`; a patch giving `url` drops a stored `document`."
          },
          "baseUrl": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "Where the API is called; the server's `url` (or each of its `targets`) when unset. Not with `targets`."
          },
          "operations": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "The operationIds (`*` wildcard) to offer; every operation when unset. At most 1,000 operations are offered: a larger API answers an error until some are selected. Each operation's schemas are expanded from their `$ref`s up to a bound, and the whole document's up to another; past them a schema is left open (`{}`)."
          }
        }
      },
      "ServerLogging": {
        "type": "object",
        "description": "What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`).",
        "additionalProperties": false,
        "properties": {
          "payloads": {
            "type": "string",
            "enum": [
              "off",
              "metadata",
              "full"
            ],
            "default": "off"
          },
          "headers": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/HeaderName"
            }
          }
        }
      },
      "ServerTarget": {
        "type": "object",
        "required": [
          "url"
        ],
        "additionalProperties": false,
        "properties": {
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "weight": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000,
            "default": 1,
            "description": "The share of traffic within its priority; 0 drains the target (it is tried only after every target with a weight, of any priority)."
          },
          "priority": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "default": 0,
            "description": "Lower first; higher priorities take traffic only when every lower one is unreachable or open."
          }
        }
      },
      "HealthCheck": {
        "type": "object",
        "description": "Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker.",
        "additionalProperties": false,
        "properties": {
          "intervalSeconds": {
            "type": "integer",
            "minimum": 10,
            "maximum": 3600,
            "default": 30
          },
          "unhealthyAfter": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10,
            "default": 2
          }
        }
      },
      "RetryPolicy": {
        "type": "object",
        "description": "Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage.",
        "additionalProperties": false,
        "properties": {
          "attempts": {
            "type": "integer",
            "minimum": 0,
            "maximum": 5,
            "default": 2,
            "description": "Retries after the first try."
          },
          "backoffMs": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10000,
            "default": 100
          },
          "maxBackoffMs": {
            "type": "integer",
            "minimum": 1,
            "maximum": 60000,
            "default": 2000
          },
          "statuses": {
            "type": "array",
            "maxItems": 16,
            "items": {
              "type": "integer",
              "minimum": 400,
              "maximum": 599
            },
            "default": [
              429,
              502,
              503,
              504
            ]
          },
          "idempotentTools": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tools safe to call twice, on the admin's word."
          },
          "budget": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 0.2,
            "description": "The largest share of calls that may be retries; the first ten retries of an instance are free of it (a burst after a quiet spell), except under 0, which turns retries off."
          }
        }
      },
      "CircuitBreaker": {
        "type": "object",
        "description": "Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there.",
        "additionalProperties": false,
        "properties": {
          "consecutiveFailures": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "default": 5
          },
          "failureRate": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1,
            "default": 0.5
          },
          "minimumCalls": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "default": 20
          },
          "windowSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 60
          },
          "cooldownSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3600,
            "default": 30
          }
        }
      },
      "ServerPricing": {
        "type": "object",
        "description": "What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it.",
        "additionalProperties": false,
        "properties": {
          "perCall": {
            "type": "number",
            "minimum": 0,
            "maximum": 1000000,
            "default": 1
          },
          "tools": {
            "type": "object",
            "description": "Per-tool prices (tool name patterns, `*` wildcard) that replace `perCall`; a tool's own name wins, else the pattern with the most characters besides `*`.",
            "propertyNames": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "additionalProperties": {
              "type": "number",
              "minimum": 0,
              "maximum": 1000000
            },
            "maxProperties": 256
          }
        }
      },
      "UpstreamCredentials": {
        "type": "object",
        "description": "Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded.",
        "required": [
          "kind"
        ],
        "additionalProperties": false,
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "client-credentials",
              "token-exchange",
              "user-oauth"
            ]
          },
          "tokenUrl": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "The token endpoint (client-credentials, token-exchange), reached through the gateway's outbound address guard."
          },
          "authorizationServer": {
            "x-mcpgateway-destination": true,
            "type": "string",
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": "For user-oauth, the issuer of the upstream's authorization server, when its protected resource metadata does not name it. Required with a `clientSecret` (the secret goes to this issuer only, never to one the upstream names)."
          },
          "clientId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256,
            "description": "The gateway's client id at the token endpoint (required for client-credentials; for user-oauth, registered dynamically when absent, each registered client with a redirect URI of its own; a configured one is registered with the redirect URI `<gateway>/oauth/upstream/callback`)."
          },
          "clientSecret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 1,
            "maxLength": 512,
            "description": "The gateway's client secret there. Never returned."
          },
          "authMethod": {
            "type": "string",
            "enum": [
              "client_secret_basic",
              "client_secret_post"
            ],
            "default": "client_secret_basic"
          },
          "scopes": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            }
          },
          "stepUpScopes": {
            "type": "array",
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            },
            "description": "For user-oauth, the scopes beyond `scopes` the upstream may have a user asked for (step-up authorization): when it refuses a user's token with 403 `insufficient_scope` naming only scopes of `scopes` and this list, the user gets a new consent link (-32042) for them, besides those already granted. A refusal naming any other scope is passed on as a refusal. None by default."
          },
          "audience": {
            "type": "string",
            "maxLength": 2048,
            "description": "The `audience` parameter (RFC 8693), when the token service wants one."
          },
          "resource": {
            "type": "string",
            "maxLength": 2048,
            "description": "The `resource` parameter (RFC 8707), when the token endpoint wants one."
          },
          "subjectToken": {
            "type": "string",
            "enum": [
              "user-token",
              "gateway-assertion"
            ],
            "default": "gateway-assertion",
            "description": "For token-exchange, what the caller is represented by. With `user-token` the token service sees every caller's own token (valid wherever its audience is accepted), so only an admin sets it or changes its `tokenUrl` (403 `forbidden`)."
          },
          "header": {
            "$ref": "#/components/schemas/HeaderName",
            "description": "The header the token is sent in (`Authorization` by default, as `Bearer <token>`; any other header carries the token alone)."
          }
        }
      },
      "ServerHealth": {
        "type": "object",
        "required": [
          "server",
          "healthy"
        ],
        "properties": {
          "server": {
            "type": "string"
          },
          "healthy": {
            "type": "boolean",
            "description": "Whether any target answered the last probe; false while none has run (no `checkedAt`)."
          },
          "latencyMs": {
            "type": "number",
            "description": "How long the last probe took, all targets together."
          },
          "error": {
            "type": "string",
            "description": "When unhealthy, the stable error code of the first target that failed (e.g. `upstream_unavailable`)."
          },
          "checkedAt": {
            "type": "string",
            "format": "date-time"
          },
          "holdsUntil": {
            "type": "string",
            "format": "date-time",
            "description": "Until when the verdict takes targets out of rotation: three times the longer of the server's interval and the checker's own cadence (locally the interval and half a minute of slack; on AWS the `rate(...)` schedule the construct tells the checker in `MCP_GATEWAY_HEALTH_EVERY_SECONDS`, else five minutes). A checker that stopped takes no target out for good."
          },
          "targets": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "url"
              ],
              "properties": {
                "url": {
                  "type": "string"
                },
                "healthy": {
                  "type": "boolean",
                  "description": "The last probe's verdict; absent for a target no probe has checked (the server has no `healthCheck`, or its first probe is still to come)."
                },
                "inRotation": {
                  "type": "boolean"
                },
                "failures": {
                  "type": "integer",
                  "description": "Failed probes in a row."
                },
                "latencyMs": {
                  "type": "number"
                },
                "error": {
                  "type": "string"
                },
                "circuit": {
                  "type": "string",
                  "enum": [
                    "open",
                    "closed"
                  ],
                  "description": "What live traffic says (passive outlier detection): `open` while the target's circuit breaker keeps calls away from it."
                },
                "circuitOpenUntil": {
                  "type": "string",
                  "format": "date-time"
                }
              }
            }
          },
          "members": {
            "type": "array",
            "description": "A virtual server's members, as their own last checks found them; the virtual server is healthy while one of them is.",
            "items": {
              "type": "object",
              "required": [
                "server",
                "healthy"
              ],
              "properties": {
                "server": {
                  "type": "string"
                },
                "healthy": {
                  "type": "boolean"
                },
                "checkedAt": {
                  "type": "string",
                  "format": "date-time"
                },
                "error": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "UpstreamTokenList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "nextCursor": {
            "type": "string",
            "description": "Where the next page starts; absent on the last page."
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "user",
                "workspace",
                "method",
                "connectedAt",
                "refreshable"
              ],
              "properties": {
                "user": {
                  "type": "string"
                },
                "workspace": {
                  "type": "string"
                },
                "method": {
                  "type": "string",
                  "description": "How the user signed in when connecting (`api-key`, `jwt`, `oauth`, `webhook`). A token is used only for the same user signing in the same way (and through the same `provider`)."
                },
                "provider": {
                  "type": "string",
                  "description": "The identity provider the user signed in through, when there was one."
                },
                "connectedAt": {
                  "type": "string",
                  "format": "date-time"
                },
                "expiresAt": {
                  "type": "string",
                  "format": "date-time",
                  "description": "When the access token expires (it is refreshed when it can be)."
                },
                "refreshable": {
                  "type": "boolean"
                },
                "scopes": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          }
        }
      },
      "IdentityForwarding": {
        "type": "object",
        "description": "Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated).",
        "additionalProperties": false,
        "properties": {
          "forwardJwt": {
            "$ref": "#/components/schemas/HeaderName"
          },
          "headers": {
            "type": "object",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": "string",
              "enum": [
                "user",
                "email",
                "teams",
                "workspace",
                "method"
              ]
            },
            "maxProperties": 8
          }
        }
      },
      "HeaderName": {
        "type": "string",
        "maxLength": 256,
        "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
        "description": "An HTTP field name (an RFC 9110 token)."
      },
      "ToolNamePattern": {
        "type": "string",
        "minLength": 1,
        "maxLength": 128,
        "pattern": "^[^\\s\\u0000-\\u001F\\u007F-\\u009F]+$",
        "description": "A tool name, where `*` matches any run of characters; no whitespace or control characters."
      },
      "ToolProvisioning": {
        "type": "object",
        "description": "Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused.",
        "additionalProperties": false,
        "properties": {
          "allow": {
            "type": "array",
            "x-mcpgateway-empty-differs": true,
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Only tools whose name matches one of these patterns are offered (every tool when unset, none when empty); `*` in a pattern matches any run of characters."
          },
          "deny": {
            "type": "array",
            "maxItems": 256,
            "items": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "description": "Tools whose name matches one of these patterns are never offered; deny wins over allow."
          },
          "readOnly": {
            "type": "boolean",
            "default": false,
            "description": "Only tools annotated `readOnlyHint: true` are offered. Requires `trustAnnotations: true` on the server, since annotations are the upstream's own hints."
          }
        }
      },
      "ServerPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "url": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "maxLength": 2048,
            "pattern": "^[hH][tT][tT][pP][sS]?://"
          },
          "transport": {
            "type": "string",
            "enum": [
              "streamable-http",
              "stateless-http",
              "sse",
              "openapi",
              "lambda",
              "virtual"
            ]
          },
          "function": {
            "x-mcpgateway-destination": true,
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 170,
            "pattern": "^(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:function:)?[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?$"
          },
          "members": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/VirtualMember"
            }
          },
          "openapi": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "properties": {
              "url": {
                "type": "string",
                "format": "uri",
                "maxLength": 2048,
                "pattern": "^[hH][tT][tT][pP][sS]?://"
              },
              "document": {
                "type": "object",
                "additionalProperties": true
              },
              "baseUrl": {
                "type": "string",
                "format": "uri",
                "maxLength": 2048,
                "pattern": "^[hH][tT][tT][pP][sS]?://"
              },
              "operations": {
                "type": "array",
                "maxItems": 256,
                "items": {
                  "$ref": "#/components/schemas/ToolNamePattern"
                }
              }
            }
          },
          "description": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 1024
          },
          "enabled": {
            "type": "boolean"
          },
          "timeoutMs": {
            "type": "integer",
            "minimum": 100,
            "maximum": 900000
          },
          "headers": {
            "type": [
              "object",
              "null"
            ],
            "writeOnly": true,
            "description": "Headers to set; a header set to `null` is removed, `null` removes all headers.",
            "propertyNames": {
              "$ref": "#/components/schemas/HeaderName"
            },
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 4096
            },
            "maxProperties": 32
          },
          "tools": {
            "type": [
              "object",
              "null"
            ],
            "description": "Tool rules to set; a rule set to `null` is removed, `null` removes all rules.",
            "additionalProperties": false,
            "properties": {
              "allow": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 256,
                "items": {
                  "$ref": "#/components/schemas/ToolNamePattern"
                }
              },
              "deny": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 256,
                "items": {
                  "$ref": "#/components/schemas/ToolNamePattern"
                }
              },
              "readOnly": {
                "type": [
                  "boolean",
                  "null"
                ]
              }
            }
          },
          "trustAnnotations": {
            "type": "boolean"
          },
          "toolPinning": {
            "type": "string",
            "enum": [
              "off",
              "log",
              "quarantine"
            ]
          },
          "logging": {
            "type": [
              "object",
              "null"
            ],
            "description": "The logging settings to set; `null` removes them.",
            "additionalProperties": false,
            "properties": {
              "payloads": {
                "type": "string",
                "enum": [
                  "off",
                  "metadata",
                  "full"
                ]
              },
              "headers": {
                "type": "array",
                "maxItems": 32,
                "items": {
                  "$ref": "#/components/schemas/HeaderName"
                }
              }
            }
          },
          "scopes": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 32,
            "items": {
              "$ref": "#/components/schemas/Scope"
            }
          },
          "authnWebhook": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
          },
          "authzWebhook": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 64,
            "pattern": "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"
          },
          "identity": {
            "description": "The identity forwarding to change, merged into the current one (fields left out keep their values, a field set to `null` is removed); `null` removes it.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/IdentityForwarding"
              },
              {
                "type": "null"
              }
            ]
          },
          "credentials": {
            "description": "The upstream credentials to change, merged into the current ones (fields left out, secrets among them, keep their values, a field set to `null` is removed; `kind` is given every time, the current one to keep it); `null` removes them.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/UpstreamCredentials"
              },
              {
                "type": "null"
              }
            ]
          },
          "toolTimeoutsMs": {
            "type": [
              "object",
              "null"
            ],
            "propertyNames": {
              "$ref": "#/components/schemas/ToolNamePattern"
            },
            "additionalProperties": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 100,
              "maximum": 900000
            },
            "maxProperties": 64
          },
          "pricing": {
            "type": [
              "object",
              "null"
            ],
            "description": "The prices to set; `null` removes them (1 unit per call).",
            "additionalProperties": false,
            "properties": {
              "perCall": {
                "type": "number",
                "minimum": 0,
                "maximum": 1000000
              },
              "tools": {
                "type": "object",
                "propertyNames": {
                  "$ref": "#/components/schemas/ToolNamePattern"
                },
                "additionalProperties": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1000000
                },
                "maxProperties": 256
              }
            }
          },
          "targets": {
            "type": [
              "array",
              "null"
            ],
            "minItems": 1,
            "maxItems": 16,
            "items": {
              "$ref": "#/components/schemas/ServerTarget"
            }
          },
          "fallbacks": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 4,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/Name"
            }
          },
          "healthCheck": {
            "type": [
              "object",
              "null"
            ],
            "description": "The health check to change, merged into the current one (fields left out keep their values); `null` removes it.",
            "additionalProperties": false,
            "properties": {
              "intervalSeconds": {
                "type": "integer",
                "minimum": 10,
                "maximum": 3600
              },
              "unhealthyAfter": {
                "type": "integer",
                "minimum": 1,
                "maximum": 10
              }
            }
          },
          "retry": {
            "type": [
              "object",
              "null"
            ],
            "description": "The retry policy to change, merged into the current one (fields left out keep their values); `null` removes it.",
            "additionalProperties": false,
            "properties": {
              "attempts": {
                "type": "integer",
                "minimum": 0,
                "maximum": 5
              },
              "backoffMs": {
                "type": "integer",
                "minimum": 1,
                "maximum": 10000
              },
              "maxBackoffMs": {
                "type": "integer",
                "minimum": 1,
                "maximum": 60000
              },
              "statuses": {
                "type": "array",
                "maxItems": 16,
                "items": {
                  "type": "integer",
                  "minimum": 400,
                  "maximum": 599
                }
              },
              "idempotentTools": {
                "type": "array",
                "maxItems": 256,
                "items": {
                  "$ref": "#/components/schemas/ToolNamePattern"
                }
              },
              "budget": {
                "type": "number",
                "minimum": 0,
                "maximum": 1
              }
            }
          },
          "circuitBreaker": {
            "type": [
              "object",
              "null"
            ],
            "description": "The circuit breaker to change, merged into the current one (fields left out keep their values); `null` removes it.",
            "additionalProperties": false,
            "properties": {
              "consecutiveFailures": {
                "type": "integer",
                "minimum": 1,
                "maximum": 1000
              },
              "failureRate": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 1
              },
              "minimumCalls": {
                "type": "integer",
                "minimum": 1,
                "maximum": 1000
              },
              "windowSeconds": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3600
              },
              "cooldownSeconds": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3600
              }
            }
          },
          "authentication": {
            "type": [
              "object",
              "null"
            ],
            "description": "Accepted credentials to set; a field set to `null` returns to its default, `null` removes the block.",
            "additionalProperties": false,
            "properties": {
              "methods": {
                "type": [
                  "array",
                  "null"
                ],
                "minItems": 1,
                "maxItems": 4,
                "items": {
                  "type": "string",
                  "enum": [
                    "api-key",
                    "jwt",
                    "webhook",
                    "oauth"
                  ]
                }
              },
              "identityProviders": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 32,
                "items": {
                  "$ref": "#/components/schemas/Name"
                }
              }
            }
          },
          "labels": {
            "type": [
              "object",
              "null"
            ],
            "description": "Labels to set; a label set to `null` is removed, `null` removes all labels.",
            "additionalProperties": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 256
            },
            "maxProperties": 64
          }
        }
      },
      "ServerList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Server"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      },
      "Tool": {
        "type": "object",
        "description": "A tool of a server, as its `tools/list` answer defines it.",
        "required": [
          "name",
          "hash",
          "provisioned"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "inputSchema": {
            "type": "object",
            "additionalProperties": true,
            "description": "JSON Schema of the tool's arguments."
          },
          "outputSchema": {
            "type": "object",
            "additionalProperties": true,
            "description": "JSON Schema of the tool's structured result."
          },
          "annotations": {
            "type": "object",
            "description": "Hints from the upstream about the tool's behaviour (trusted only with `trustAnnotations`).",
            "properties": {
              "title": {
                "type": "string"
              },
              "readOnlyHint": {
                "type": "boolean"
              },
              "destructiveHint": {
                "type": "boolean"
              },
              "idempotentHint": {
                "type": "boolean"
              },
              "openWorldHint": {
                "type": "boolean"
              }
            }
          },
          "icons": {
            "type": "array",
            "description": "Icons a client may show for the tool (`src`, `mimeType`, `sizes`, `theme`).",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "execution": {
            "type": "object",
            "additionalProperties": true,
            "description": "How the tool may be run (`taskSupport`)."
          },
          "hash": {
            "type": "string",
            "description": "SHA-256 (hex) of the tool's definition (name, title, description, schemas, annotations, icons, execution; not its free-form `_meta`); changes when any of it changes."
          },
          "provisioned": {
            "type": "boolean",
            "description": "Whether the server's `tools` rules offer the tool to clients."
          },
          "pin": {
            "type": "object",
            "description": "The definition an admin approved (or the first one seen), with `toolPinning` on.",
            "required": [
              "hash",
              "pinnedAt"
            ],
            "properties": {
              "hash": {
                "type": "string"
              },
              "pinnedAt": {
                "type": "string",
                "format": "date-time"
              },
              "approvedBy": {
                "type": "string",
                "description": "Who approved it; absent for a definition pinned when first seen."
              }
            }
          },
          "quarantined": {
            "type": "boolean",
            "description": "The tool's definition differs from its pin: with `toolPinning: quarantine` it is hidden from `tools/list` and calls to it are refused until approved."
          },
          "abridged": {
            "type": "boolean",
            "description": "Kept without its schemas (too large, too deeply nested, or numbers the store cannot hold): what is shown here is not all that `hash` covers. Approving it needs `abridged: true`."
          }
        }
      },
      "ServerToolList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Tool"
            }
          },
          "hash": {
            "type": "string",
            "description": "SHA-256 (hex) over the tools' hashes; absent until a catalog was learned."
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the catalog last changed or was confirmed."
          }
        }
      },
      "ApiKey": {
        "type": "object",
        "description": "A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored.",
        "x-mcpgateway-resource": {
          "type": "api_key",
          "plural": "api-keys",
          "path": "/v1/api-keys",
          "operations": {
            "create": "createApiKey",
            "read": "getApiKey",
            "update": "updateApiKey",
            "delete": "deleteApiKey",
            "list": "listApiKeys"
          },
          "id": "id",
          "lookup": [
            "name"
          ]
        },
        "required": [
          "name",
          "user"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "$ref": "#/components/schemas/Id"
          },
          "version": {
            "$ref": "#/components/schemas/Version"
          },
          "createdAt": {
            "$ref": "#/components/schemas/CreatedAt"
          },
          "updatedAt": {
            "$ref": "#/components/schemas/UpdatedAt"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "What the key is for (for example the device); unique among keys. A new name holds no control characters."
          },
          "user": {
            "type": "string",
            "minLength": 1,
            "maxLength": 256,
            "x-mcpgateway-immutable": true,
            "description": "The user the key authenticates as."
          },
          "workspace": {
            "$ref": "#/components/schemas/Name",
            "default": "default",
            "x-mcpgateway-immutable": true,
            "description": "The workspace (by name) the key belongs to."
          },
          "enabled": {
            "type": "boolean",
            "default": true
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "After this instant the key no longer authenticates."
          },
          "secret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 32,
            "maxLength": 256,
            "pattern": "^[A-Za-z0-9._~+/=-]+$",
            "x-mcpgateway-immutable": true,
            "x-mcpgateway-iac": "required",
            "description": "The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's."
          },
          "prefix": {
            "type": "string",
            "readOnly": true,
            "description": "The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one."
          },
          "key": {
            "type": "string",
            "readOnly": true,
            "x-mcpgateway-sensitive": true,
            "x-mcpgateway-iac": "omit",
            "description": "The generated secret (`mcpgw_…`), in the create response only, and only when no `secret` was supplied."
          },
          "servers": {
            "type": "array",
            "x-mcpgateway-empty-differs": true,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/Name"
            },
            "description": "Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset."
          },
          "lastUsedAt": {
            "type": "string",
            "format": "date-time",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute."
          },
          "previousSecretExpiresAt": {
            "type": "string",
            "format": "date-time",
            "readOnly": true,
            "x-mcpgateway-volatile": true,
            "description": "After a rotation, the previous secret keeps working until this instant."
          }
        }
      },
      "ApiKeyPatch": {
        "type": "object",
        "description": "A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value.",
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128
          },
          "enabled": {
            "type": "boolean"
          },
          "expiresAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "servers": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/Name"
            }
          }
        }
      },
      "ApiKeyRotation": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "overlapSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 2592000,
            "default": 3600,
            "description": "How long the previous secret keeps working (0 ends it at once)."
          },
          "secret": {
            "type": "string",
            "writeOnly": true,
            "minLength": 32,
            "maxLength": 256,
            "pattern": "^[A-Za-z0-9._~+/=-]+$",
            "description": "The new secret, supplied by the caller (not in a JWT's shape, `eyJ…` with two dots); generated (and answered once as `key`) when absent."
          }
        }
      },
      "ApiKeyList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ApiKey"
            }
          },
          "nextCursor": {
            "type": "string"
          }
        }
      }
    }
  }
};
