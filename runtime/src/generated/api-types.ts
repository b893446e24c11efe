// DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/api-types.mjs; run `npm run generate`.
export interface paths {
    "/v1/access-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List access policys. */
        get: operations["listAccessPolicies"];
        put?: never;
        /** Add an access policy (a rule that allows or denies). */
        post: operations["createAccessPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a access policy. */
        get: operations["getAccessPolicy"];
        /** Replace a access policy. */
        put: operations["updateAccessPolicy"];
        post?: never;
        /** Remove a access policy. */
        delete: operations["deleteAccessPolicy"];
        options?: never;
        head?: never;
        /** Change some fields of an access policy (JSON merge patch). */
        patch: operations["patchAccessPolicy"];
        trace?: never;
    };
    "/v1/access/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Explain an access decision.
         * @description Answers what the data plane decides for a principal calling a server: the decision, what made it (an access policy, tool provisioning, the workspace default, or the authorization webhook), and why. Nothing is forwarded; when the policies allow and an authorization webhook is set, it is asked as for a real request and may deny.
         */
        post: operations["evaluateAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Calls, errors, distinct users and latency per hour or day.
         * @description Rollups of the MCP requests of one workspace (`workspace`, the `default` one when left out; a workspace's own admins and viewers see only theirs), optionally of one server, one tool (`tool`: a tool's name counts its `tools/call`s; `~<method>`, e.g. `~tools/list`, other requests) and one user. `uniqueUsers` is exact: the distinct users of the bucket, counted once however many instances served them. A call a virtual server routes counts at the virtual server (by the name the client called) and at its member; without `server` it counts once, as the virtual server's. Latency percentiles are the upper bounds of the histogram buckets they fall in (`null` without calls, or above the last bound: the histogram's last bucket counts those). Buckets are whole UTC hours or days: `from` and `to` select the buckets they fall in, and each bucket counts all of its calls (`from=…T10:45:00Z` starts with the whole of 10:00 UTC). Hour buckets cover at most 7 days, day buckets 92; rollups are kept `MCP_GATEWAY_ANALYTICS_RETENTION_DAYS` (90 days), so older buckets answer no calls. Rollups reach the store within `MCP_GATEWAY_ANALYTICS_FLUSH_MS` (10 s).
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never their secret). */
        get: operations["listApiKeys"];
        put?: never;
        /** Issue an API key for an MCP client. A generated secret is in this response only. */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read an API key (without its secret). */
        get: operations["getApiKey"];
        /** Replace an API key's settings. */
        put: operations["updateApiKey"];
        post?: never;
        /** Revoke an API key. */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        /** Change some settings of an API key (JSON merge patch). */
        patch: operations["patchApiKey"];
        trace?: never;
    };
    "/v1/api-keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the key a new secret; the previous one keeps working for an overlap window. */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first (read-only).
         * @description Every management change (who, what, before and after with write-only fields removed, when, the request id), every access denial, guardrail action, quarantine and budget alert. Kept for the gateway's retention period (`MCP_GATEWAY_AUDIT_RETENTION_DAYS`, 90 days by default); without `from` the whole period is searched. A workspace's own admins and viewers see only its events.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List budgets. */
        get: operations["listBudgets"];
        put?: never;
        /** Add a budget. */
        post: operations["createBudget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/budgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a budget. */
        get: operations["getBudget"];
        /** Replace a budget. */
        put: operations["updateBudget"];
        post?: never;
        /** Remove a budget. */
        delete: operations["deleteBudget"];
        options?: never;
        head?: never;
        /** Change some fields of a budget (JSON merge patch). */
        patch: operations["patchBudget"];
        trace?: never;
    };
    "/v1/budgets/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /**
         * What the budget's keys spent in the current period.
         * @description A page of keys at a time (a budget counted per user has a key per user); follow `nextCursor`. A page may hold fewer keys than `limit` (keys that only reserved room are left out). `remaining` is the amount less what was spent; room instances hold in leases is in it.
         */
        get: operations["getBudgetUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guardrails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List guardrails. */
        get: operations["listGuardrails"];
        put?: never;
        /** Add a guardrail. */
        post: operations["createGuardrail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guardrails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a guardrail. */
        get: operations["getGuardrail"];
        /** Replace a guardrail. */
        put: operations["updateGuardrail"];
        post?: never;
        /** Remove a guardrail. */
        delete: operations["deleteGuardrail"];
        options?: never;
        head?: never;
        /** Change some fields of a guardrail (JSON merge patch). */
        patch: operations["patchGuardrail"];
        trace?: never;
    };
    "/v1/identity-providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List identity providers. */
        get: operations["listIdentityProviders"];
        put?: never;
        /** Register an identity provider whose tokens MCP clients may bring. */
        post: operations["createIdentityProvider"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identity-providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read an identity provider. */
        get: operations["getIdentityProvider"];
        /** Replace an identity provider. */
        put: operations["updateIdentityProvider"];
        post?: never;
        /** Remove an identity provider; its tokens are refused from then on. */
        delete: operations["deleteIdentityProvider"];
        options?: never;
        head?: never;
        /** Change some fields of an identity provider (JSON merge patch). */
        patch: operations["patchIdentityProvider"];
        trace?: never;
    };
    "/v1/oauth-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List OAuth clients. */
        get: operations["listOAuthClients"];
        put?: never;
        /** Register a client of the gateway's authorization server. */
        post: operations["createOAuthClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read an OAuth client. */
        get: operations["getOAuthClient"];
        /** Replace an OAuth client. */
        put: operations["updateOAuthClient"];
        post?: never;
        /** Remove an OAuth client; it can obtain no more tokens. */
        delete: operations["deleteOAuthClient"];
        options?: never;
        head?: never;
        /** Change some fields of an OAuth client (JSON merge patch). */
        patch: operations["patchOAuthClient"];
        trace?: never;
    };
    "/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document, as JSON. */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rate-limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rate limits. */
        get: operations["listRateLimits"];
        put?: never;
        /** Add a rate limit. */
        post: operations["createRateLimit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rate-limits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a rate limit. */
        get: operations["getRateLimit"];
        /** Replace a rate limit. */
        put: operations["updateRateLimit"];
        post?: never;
        /** Remove a rate limit. */
        delete: operations["deleteRateLimit"];
        options?: never;
        head?: never;
        /** Change some fields of a rate limit (JSON merge patch). */
        patch: operations["patchRateLimit"];
        trace?: never;
    };
    "/v1/registries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List registries. */
        get: operations["listRegistries"];
        put?: never;
        /** Add an MCP registry servers are imported from. */
        post: operations["createRegistry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a registry. */
        get: operations["getRegistry"];
        /** Replace a registry. */
        put: operations["updateRegistry"];
        post?: never;
        /** Remove a registry (the servers it imported stay). */
        delete: operations["deleteRegistry"];
        options?: never;
        head?: never;
        /** Change some fields of a registry (JSON merge patch). */
        patch: operations["patchRegistry"];
        trace?: never;
    };
    "/v1/registries/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync the registry's servers now.
         * @description Reads the registry's listing and brings its servers up to date: entries with a remote (streamable-http, else sse) become servers of the registry's workspace (created, or updated when their version or address changed); servers it imported whose entry is gone are disabled, never deleted; entries with only local packages, whose name is taken by a server not imported from this registry, or whose server an admin deleted (import the entry by hand to have it again), are skipped with the reason. A server whose entry comes to require a header it lacks is disabled until an admin sets it. The sync's outcome is recorded on the registry (`lastSync`), which raises its `version`: read the registry again for its new ETag before a conditional write.
         */
        post: operations["syncRegistry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sealing/reseal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Seal every stored secret anew under the current sealing key.
         * @description After a rotation of the sealing key (`MCP_GATEWAY_VAULT_KEY` the new key, `MCP_GATEWAY_VAULT_PREVIOUS_KEYS` the old ones) or once a key is first configured: the write-only fields of every resource sealed with a previous key or stored in the clear, the token vault's tokens and registered clients' secrets and the authorization server's signing keys sealed with a previous key, are sealed again with the current one. Resources keep their version. Once it answers `complete: true` with no `unopenable` or `pending` entry and every instance runs with the new key, the previous keys can be dropped. One call works for 20 s at most, less when the function serving it has less time left (`complete: false`: call it again). With a KMS key (on AWS) KMS rotates the key itself and what it sealed stays current. For the admin only; 409 without a sealing key.
         */
        post: operations["resealSecrets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List upstream MCP servers. */
        get: operations["listServers"];
        put?: never;
        /** Register an upstream MCP server. */
        post: operations["createServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a server. */
        get: operations["getServer"];
        /** Replace a server. */
        put: operations["updateServer"];
        post?: never;
        /** Remove a server (and the tool catalog learned from it). */
        delete: operations["deleteServer"];
        options?: never;
        head?: never;
        /** Change some fields of a server (JSON merge patch). */
        patch: operations["patchServer"];
        trace?: never;
    };
    "/v1/servers/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** The last health check of the server and of each of its targets. */
        get: operations["getServerHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /**
         * The users who connected their account at this upstream (user-oauth), never their tokens.
         * @description A page of users at a time; follow `nextCursor`. A page may hold fewer than `limit`.
         */
        get: operations["listServerTokens"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/{id}/tokens/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
                user: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Forget a user's tokens at this upstream, whichever way they signed in; the user is asked to consent again.
         * @description The gateway forgets the tokens, then asks the authorization server that issued them to revoke them (RFC 7009, the refresh token where there is one, with the gateway's client credentials) when its metadata names a `revocation_endpoint`. The tokens are forgotten whatever it answers; the `token.revoked` audit event's `detail.upstream` says what became of the grant there: `revoked`, `unsupported` (no revocation endpoint), `unopened` (tokens sealed under a key the gateway no longer has) or `failed`. Gateway instances stop using the tokens within their reuse time (the config TTL).
         */
        delete: operations["revokeServerToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/{id}/tools": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /**
         * The server's tool catalog.
         * @description The tools the gateway learned from the server's `tools/list` answers, in name order, each saying whether the server's `tools` rules offer it to clients and, with `toolPinning`, its pinned definition and whether it is quarantined. Empty, without `hash`, until a catalog was learned.
         */
        get: operations["listServerTools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/{id}/tools/{name}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
                /** @description The tool's name. */
                name: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a tool's current definition (release it from quarantine).
         * @description Pins the definition the gateway last learned for the tool, so it is offered and callable again. `hash`, when given, must be that definition's hash: an approval never covers a definition the admin has not seen. 409 while a newer definition was seen (on a page of a list) than the catalog holds, or when the tool was last listed malformed: there is no definition to approve yet; and for a tool kept `abridged` unless the body says `abridged: true`.
         */
        post: operations["approveServerTool"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/servers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a server from its server.json document (as the MCP registry publishes it).
         * @description Creates the server its first remote (streamable-http, else sse) describes, or updates the one an earlier import of the same entry created; an entry with only local packages cannot be imported. The server records its origin. `mcp-gateway import server.json` posts here.
         */
        post: operations["importServer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List teams. */
        get: operations["listTeams"];
        put?: never;
        /** Create a team of a workspace, for access policies. */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a team. */
        get: operations["getTeam"];
        /** Replace a team. */
        put: operations["updateTeam"];
        post?: never;
        /**
         * Remove a team.
         * @description A team an access policy names is not removed (409) until no policy names it.
         */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        /** Change some fields of a team (JSON merge patch). */
        patch: operations["patchTeam"];
        trace?: never;
    };
    "/v1/telemetry-sinks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List telemetry sinks. */
        get: operations["listTelemetrySinks"];
        put?: never;
        /** Add an OTLP destination for traces and metrics. */
        post: operations["createTelemetrySink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/telemetry-sinks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a telemetry sink. */
        get: operations["getTelemetrySink"];
        /** Replace a telemetry sink. */
        put: operations["updateTelemetrySink"];
        post?: never;
        /** Remove a telemetry sink. */
        delete: operations["deleteTelemetrySink"];
        options?: never;
        head?: never;
        /** Change some fields of a telemetry sink (JSON merge patch). */
        patch: operations["patchTelemetrySink"];
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The principals the gateway has seen (read-only).
         * @description One entry per user and workspace that passed authentication: how it authenticated, its teams and when it was first and last seen. Recorded at most once a minute per instance and user, never as a store write per request.
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign a user out everywhere.
         * @description For someone leaving, or a lost laptop. Every token issued to the user before now (by the gateway's authorization server or an identity provider, dated by its `iat`) is refused at the MCP endpoint with 401, so clients sign in again; the user's grants at the gateway's authorization server end (refresh tokens of a sign-in before now, codes of one, and identity assertions issued before now are refused); principals an authentication webhook vouches for are the webhook's to refuse. A token that carries no `iat` (nor `nbf`) is refused for a day. Holds on every instance within the configuration cache's time to live (5 s by default). API keys are not sessions: revoke them at `/v1/api-keys`; nor is an OAuth client's own token (client credentials) any user's, whatever its subject: disable or delete the client at `/v1/oauth-clients` to end its tokens. To keep the user out for good, deny them with an access policy (or at the identity provider). A workspace admin signs out users of their own workspace.
         */
        post: operations["signOutUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhooks. */
        get: operations["listWebhooks"];
        put?: never;
        /** Register a webhook the gateway calls to decide (authentication today). */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a webhook. */
        get: operations["getWebhook"];
        /** Replace a webhook. */
        put: operations["updateWebhook"];
        post?: never;
        /** Remove a webhook; decisions that need it are refused from then on. */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change some fields of a webhook (JSON merge patch). */
        patch: operations["patchWebhook"];
        trace?: never;
    };
    "/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List workspaces. */
        get: operations["listWorkspaces"];
        put?: never;
        /** Create a workspace. */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        /** Read a workspace. */
        get: operations["getWorkspace"];
        /** Replace a workspace. */
        put: operations["updateWorkspace"];
        post?: never;
        /** Delete a workspace. The `default` workspace cannot be deleted. */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /** Change some fields of a workspace (JSON merge patch). */
        patch: operations["patchWorkspace"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessDecision: {
            /** @enum {string} */
            decision: "allow" | "deny";
            /** @description The deciding access policy (by name), when one did. */
            policy?: string;
            reason: string;
            /**
             * @description What decided: an access policy, the default (no policy applies; a disabled server, a way of signing in or a token's scopes the server does not accept), tool provisioning, tool pinning (a quarantined tool), or the authorization webhook.
             * @enum {string}
             */
            source: "policy" | "default" | "provisioning" | "pinning" | "webhook";
            /** @description The authorization webhook (by name) asked after the policies allowed, when one is set. */
            webhook?: string;
        };
        /** @description A rule that allows or denies principals (`subjects`) the use of servers of its workspace, and within them of tools, prompts, resources or methods. A matching `deny` always wins. A rule without `tools`, `prompts`, `resources` and `methods` is about whole servers: once an `allow` rule names a server, only principals some allow rule admits may use it; servers no allow rule names follow the workspace's `defaultAccess`. A rule with `tools` (or `prompts`, `resources`, `methods`) is about those only: once an allow rule names a tool, only principals it admits may call it (and see it in `tools/list`); on a server no whole-server allow names, a principal allowed any part of it may connect to it, and under a `deny` default uses only the parts allowed. `condition`, in CEL, must also hold; it sees `principal` (`user`, `teams`, `claims`, `workspace`, `method`, `email`), `mcp` (`server`, `method`, `tool.name`, `tool.arguments`, `prompt.name`, `prompt.arguments`, `resource.uri` as patterns read it — `..` resolved, escapes decoded, scheme and host in lower case — and `resource.rawUri` as sent) and `request` (`headers`, lower-case names, without `authorization`, `cookie`, `mcp-method` and `mcp-name` — a message's method and target are `mcp`'s, read from the message itself; `time`, an RFC 3339 text). A condition that fails to evaluate (a missing argument, say) never makes an allow rule apply and always makes a deny rule apply. A condition is type-checked when written: a field these do not have (`principal.emial`) or a comparison that cannot hold (`principal.teams == "sre"`) is refused; `claims`, `arguments` and `headers` take any key. */
        AccessPolicy: {
            /** @description A CEL expression that must be true for the rule to apply, e.g. `mcp.tool.arguments.path.startsWith("/tmp/")`. `matches` takes RE2 patterns (time linear in the text; no lookarounds or backreferences), as CEL specifies. An argument holding an integer past 2^53 (which JSON parsers may round) is unknown to a condition that names it: a deny applies, an allow does not; send such ids as strings. */
            condition?: string;
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /** @enum {string} */
            effect: "allow" | "deny";
            /** @default true */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            /** @description MCP methods (`*` wildcard, `resources/*`) the rule is about. */
            methods?: string[];
            name: components["schemas"]["Name"];
            /**
             * @description Rules are read in ascending priority; among the rules that decide alike, the first is named as the reason.
             * @default 1000
             */
            priority: number;
            /** @description Prompt names (`*` wildcard) the rule is about. */
            prompts?: components["schemas"]["ToolNamePattern"][];
            /** @description Resource URIs (`*` wildcard) the rule is about; none with user info (`user@`): a URI is judged by the host it reaches. */
            resources?: string[];
            /** @description Server names (`*` wildcard); absent means every server of the workspace (an empty list is refused). */
            servers?: components["schemas"]["ToolNamePattern"][];
            subjects?: components["schemas"]["AccessSubjects"];
            /** @description Tool names (`*` wildcard) the rule is about. */
            tools?: components["schemas"]["ToolNamePattern"][];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /** @default default */
            workspace: components["schemas"]["Name"];
        };
        AccessPolicyList: {
            items: components["schemas"]["AccessPolicy"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        AccessPolicyPatch: {
            condition?: string | null;
            description?: string | null;
            /** @enum {string} */
            effect?: "allow" | "deny";
            enabled?: boolean;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            methods?: string[] | null;
            priority?: number;
            prompts?: components["schemas"]["ToolNamePattern"][] | null;
            resources?: string[] | null;
            servers?: components["schemas"]["ToolNamePattern"][] | null;
            subjects?: components["schemas"]["AccessSubjects"] | null;
            tools?: components["schemas"]["ToolNamePattern"][] | null;
        };
        AccessQuestion: {
            arguments?: Record<string, never>;
            /** @description Request headers, for conditions on `request.headers`. */
            headers?: {
                [key: string]: string;
            };
            /** @default tools/call */
            method: string;
            principal: {
                /** @description The token's claims. */
                claims?: Record<string, never>;
                /** @description The email a token would carry (what conditions read as `principal.email`). */
                email?: string;
                /** @description How the principal authenticated (`api-key`, `jwt`, `oauth`, `webhook`). */
                method?: string;
                /** @description Teams a token would name; the workspace's teams add their members and claims. */
                teams?: string[];
                user: components["schemas"]["UserId"];
            };
            prompt?: string;
            /** @description A resource's URI, as long as the gateway takes one (16 KiB). */
            resource?: string;
            server: components["schemas"]["Name"];
            /** @description A tool's name, as long as the gateway takes one (512 bytes). */
            tool?: string;
        };
        /** @description Whom the policy applies to: a principal that is one of `users` or a member of one of `teams` (when either is given) and meets every condition of `claims`. No subjects: every principal. An empty list is refused (it would not mean "nobody"). */
        AccessSubjects: {
            claims?: components["schemas"]["ClaimCondition"][];
            /** @description Teams (by name, of the policy's workspace). */
            teams?: components["schemas"]["Name"][];
            /** @description User ids; `*` matches any run of characters. */
            users?: components["schemas"]["UserId"][];
        };
        /** @description A credential MCP clients present as `Authorization: Bearer <secret>`. Only its hash is stored. */
        ApiKey: {
            createdAt?: components["schemas"]["CreatedAt"];
            /** @default true */
            enabled: boolean;
            /**
             * Format: date-time
             * @description After this instant the key no longer authenticates.
             */
            expiresAt?: string;
            id?: components["schemas"]["Id"];
            /** @description The generated secret (`mcpgw_…`), in the create response only, and only when no `secret` was supplied. */
            readonly key?: string;
            /**
             * Format: date-time
             * @description When the key last authenticated a request, to within a minute: each gateway instance records a key's use at most once a minute.
             */
            readonly lastUsedAt?: string;
            /** @description What the key is for (for example the device); unique among keys. A new name holds no control characters. */
            name: string;
            /** @description The first characters of the secret, to recognise the key: 12 of a generated one, at most 4 of a supplied one. */
            readonly prefix?: string;
            /**
             * Format: date-time
             * @description After a rotation, the previous secret keeps working until this instant.
             */
            readonly previousSecretExpiresAt?: string;
            /** @description The key's secret, supplied by the caller (from a secrets manager, or an ephemeral value in Terraform) instead of generated by the gateway. Stored only as a SHA-256 hash and never returned (the create response then has no `key`); no other key may use the same secret. Not in a JWT's shape (`eyJ…` with two dots): a bearer token of that shape is read as an identity provider's. */
            secret?: string;
            /** @description Only these servers (by name, in the key's workspace) accept the key (none when empty); every server of its workspace when unset. */
            servers?: components["schemas"]["Name"][];
            updatedAt?: components["schemas"]["UpdatedAt"];
            /** @description The user the key authenticates as. */
            user: string;
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace (by name) the key belongs to.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        ApiKeyList: {
            items: components["schemas"]["ApiKey"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        ApiKeyPatch: {
            enabled?: boolean;
            /** Format: date-time */
            expiresAt?: string | null;
            name?: string;
            servers?: components["schemas"]["Name"][] | null;
        };
        ApiKeyRotation: {
            /**
             * @description How long the previous secret keeps working (0 ends it at once).
             * @default 3600
             */
            overlapSeconds: number;
            /** @description The new secret, supplied by the caller (not in a JWT's shape, `eyJ…` with two dots); generated (and answered once as `key`) when absent. */
            secret?: string;
        };
        AuditEvent: {
            actor: {
                id: string;
                /** @enum {string} */
                kind: "admin" | "user" | "gateway";
                /** @description How the actor authenticated, or an admin's role. */
                method?: string;
            };
            /** @description The resource after the change, write-only fields removed (bounded as `before` is). */
            after?: Record<string, never>;
            /** Format: date-time */
            at: string;
            /** @description The resource before the change, write-only fields removed. When it and `after` are large (over 96 KiB together), only the fields that changed, and then each field over 2 KiB as `{"omitted": true, "bytes", "sha256"}`. */
            before?: Record<string, never>;
            /** @description What else the event tells, by type: `resource.updated` has `writeOnlyChanged`, the write-only values given anew (JSON pointers, e.g. `/secret`: a rotation its records cannot show); `registry.synced` has the sync's counts or its `error` (the registry's `lastSync`); `token.revoked` has `user` and `upstream` (what became of the grant at the authorization server that issued it); a server's `resource.deleted` has `upstreamTokens` when its users had tokens in the token vault, counting their grants by what became of them there (`revoked`, `unsupported`, `unopened`, `failed`), or `unrevoked` when the vault failed part-way (the tokens forgotten, not revoked) and `kept` when they could not even be forgotten. */
            detail?: Record<string, never>;
            id: string;
            method?: string;
            reason?: string;
            /** @description The request's `X-Request-Id` (sent by the client, else generated and answered). */
            requestId?: string;
            resource?: {
                id: string;
                name?: string;
                type: string;
            };
            server?: string;
            tool?: string;
            type: components["schemas"]["AuditEventType"];
            workspace?: string;
        };
        AuditEventList: {
            items: components["schemas"]["AuditEvent"][];
            nextCursor?: string;
        };
        /** @enum {string} */
        AuditEventType: "resource.created" | "resource.updated" | "resource.deleted" | "api_key.rotated" | "token.revoked" | "user.signed_out" | "access.denied" | "guardrail.blocked" | "guardrail.redacted" | "guardrail.logged" | "tool.quarantined" | "tool.approved" | "registry.synced" | "budget.alert" | "audit.dropped" | "sealing.resealed";
        /** @description Which credentials are accepted. A workspace sets it for its servers; a server may narrow it further (a method or provider must be accepted by both). When unset: every method — api keys, tokens of every identity provider serving the workspace, the gateway's own OAuth tokens, and the authentication webhook when one is named. */
        Authentication: {
            /** @description The identity providers (by name) whose people are accepted: their providers' own tokens, and the gateway's own tokens of people who signed in (or were asserted) through them. Every one when unset. */
            identityProviders?: components["schemas"]["Name"][];
            /** @description The methods accepted: api keys, identity-provider tokens (`jwt`), the authentication webhook, and tokens of the gateway's own authorization server (`oauth`). */
            methods?: ("api-key" | "jwt" | "webhook" | "oauth")[];
        };
        /** @description At most `amount` units of cost per `period` (UTC day or month) for each key `per` makes. A tool call costs its server's `pricing` (1 unit by default). With `action: block` a call that would pass the amount is refused (JSON-RPC error, never forwarded); with `alert` it goes on. Crossing a fraction of `alertAt` sends an alert to `webhook` (HMAC-signed; tried again twice when a delivery fails, with the same `id`) once per key and period. Spend is exact: what a call cost is counted once it was allowed; instances reserve room in small leases so the amount is never exceeded. Current spend at `GET /v1/budgets/{id}/usage`. A process killed outright (no shutdown) loses the spend of its last second, not yet written, and the room its lease still held (a fiftieth of the amount at most) until the period ends: such room is refused though `remaining` counts it. */
        Budget: {
            /**
             * @default block
             * @enum {string}
             */
            action: "alert" | "block";
            /**
             * @default [
             *       0.8
             *     ]
             */
            alertAt: number[];
            amount: number;
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /** @default true */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            name: components["schemas"]["Name"];
            /**
             * @description What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).
             * @default [
             *       "user"
             *     ]
             */
            per: components["schemas"]["CountedPer"][];
            /** @enum {string} */
            period: "day" | "month";
            /** @description Server names (`*` wildcard) it applies to; none means every server of the workspace. */
            servers?: components["schemas"]["ToolNamePattern"][];
            /** @description Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget). */
            tools?: components["schemas"]["ToolNamePattern"][];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /** @description A webhook (by name, of the workspace) told when spend crosses an `alertAt` fraction. */
            webhook?: components["schemas"]["Name"];
            /** @default default */
            workspace: components["schemas"]["Name"];
        };
        BudgetList: {
            items: components["schemas"]["Budget"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        BudgetPatch: {
            /** @enum {string} */
            action?: "alert" | "block";
            alertAt?: number[];
            amount?: number;
            description?: string | null;
            enabled?: boolean;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            per?: components["schemas"]["CountedPer"][];
            /** @enum {string} */
            period?: "day" | "month";
            servers?: components["schemas"]["ToolNamePattern"][] | null;
            tools?: components["schemas"]["ToolNamePattern"][] | null;
            webhook?: components["schemas"]["Name"] | null;
        };
        BudgetUsage: {
            budget: string;
            items: {
                /** @description The counted-apart values (user, team, …). */
                key: {
                    [key: string]: string;
                };
                remaining?: number;
                spent: number;
            }[];
            /** @description Where the next page starts; absent on the last page. */
            nextCursor?: string;
            /** @description The current period (`2026-12-01` or `2026-12`). */
            period: string;
        };
        /** @description Per target: opens after `consecutiveFailures` failures in a row (transport failures and 5xx), or when at least `minimumCalls` calls in the last `windowSeconds` failed at `failureRate` or more; open for `cooldownSeconds`, then one probe decides (half-open). Every instance learns of an open circuit through the store within two seconds; open circuits fail fast or fail over to the next target. A session on a target still open after a failed probe ends (404) when another target or fallback may serve, so its client initializes again there. */
        CircuitBreaker: {
            /** @default 5 */
            consecutiveFailures: number;
            /** @default 30 */
            cooldownSeconds: number;
            /** @default 0.5 */
            failureRate: number;
            /** @default 20 */
            minimumCalls: number;
            /** @default 60 */
            windowSeconds: number;
        };
        /** @description A condition on one claim of the principal's token. `equals`/`notEquals`: the claim is (is not) one of `values` — for a list claim, one of its elements is (none is); `in` and `notIn` say the same for lists of allowed values; `contains`: a list claim has every one of `values` as an element, a string claim has each as a substring; `matches`: the claim (or an element) matches one of `values` as a whole regular expression (RE2 syntax, run in linear time; no lookarounds or backreferences); `exists`: the claim is present (`values` unused). Every other op requires at least one of `values`. `notEquals`/`notIn` on a claim the token does not carry (or carries as an object, or as a list holding an object or a null) cannot be judged: an allow policy does not apply to that principal, a deny policy does. */
        ClaimCondition: {
            claim: components["schemas"]["ClaimName"];
            /** @enum {string} */
            op: "equals" | "notEquals" | "in" | "notIn" | "contains" | "matches" | "exists";
            values?: string[];
        };
        ClaimName: string;
        /** @enum {string} */
        CountedPer: "user" | "team" | "workspace" | "server" | "tool";
        /** Format: date-time */
        CreatedAt: string;
        /** @description Scans what flows between clients and the servers it names: tool-call arguments (`input`) and results (`output`), prompt arguments and messages, resource URIs and contents (text blobs as their text), completion arguments, the servers' requests to clients (sampling, elicitation) and the clients' answers. `tools` narrows it to those tools' calls, and to what may be any tool's (the servers' requests, the clients' answers). Text is also read with compatibility forms folded and invisible characters removed. Built-in `detectors` find personal data and secrets (payment cards with their Luhn digit, IBANs with their checksum, ...); `patterns` (RE2 regular expressions) and `keywords` are the workspace's own; `maxBytes` bounds a payload. `block` answers a JSON-RPC error naming the guardrail (never what it found; a blocked input never reaches the server), `redact` replaces each finding with `[REDACTED:<detector>]` (the payload stays valid JSON and MCP content; a redacted `structuredContent` may no longer match the tool's `outputSchema` where a field's format is checked, so block where clients validate it), `log` lets it pass. A card number a client sends as a JSON number is found by `payment-card` (and cannot be redacted: a redacting guardrail blocks it); numbers are otherwise not read. Not scanned: list answers and `initialize` unless `definitions` says so. A client's notifications go through the input guardrails: a blocked one is not sent (the refusal is the HTTP answer), and a cancellation still cancels, without its reason. A blocked request of a server never reaches the client; the server is answered that a guardrail refused, without which or why. The text of the servers' notifications (log messages' data, progress and task status messages, cancellation reasons) is scanned by the detectors (not the `webhook`): a blocked notification is dropped, a redacted one rewritten. Every finding is an audit event (counts per detector, never the data). A `webhook` (by name, of the workspace) is also asked with the payload and may answer `{"action": "allow" | "block" | "redact", "reason"?, "payload"?}` (its `reason` goes to the audit event as `detail.scannerReason`, never to the client: it may quote what it found); a `log` guardrail only records what its scanner would have done, and lets the payload pass; its `failMode` decides when it cannot be asked (`open` lets the payload pass, recorded as `guardrail.logged`). A guardrail must scan for something: at least one of `detectors`, `patterns`, `keywords`, `maxBytes` or `webhook`. */
        Guardrail: {
            /**
             * @default block
             * @enum {string}
             */
            action: "block" | "redact" | "log";
            createdAt?: components["schemas"]["CreatedAt"];
            /**
             * @description Also scans the definitions servers list, where text meant for the model hides (tool poisoning): each tool, prompt, resource and resource template of a `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` answer, its name, description and schemas, and the `instructions` of an `initialize` answer, by the detectors, `patterns` and `keywords` (not the `webhook`: a list holds hundreds) of a guardrail covering the output. `block` leaves the entry (or the instructions) out and refuses calls of a tool left out (judged by the server's tool catalog, on every instance once one has listed it whole), `redact` rewrites it, `log` lets it pass; a finding is recorded once an hour per entry and instance, not on every listing. A guardrail naming `tools` scans those tools' definitions only.
             * @default false
             */
            definitions: boolean;
            description?: string;
            detectors?: components["schemas"]["GuardrailDetector"][];
            /**
             * @default both
             * @enum {string}
             */
            direction: "input" | "output" | "both";
            /** @default true */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            /** @description Words whose occurrences (case-insensitive, whole words) are findings. */
            keywords?: string[];
            labels?: components["schemas"]["Labels"];
            /** @description A payload larger than this (as JSON) is a finding that redaction cannot remove. */
            maxBytes?: number;
            name: components["schemas"]["Name"];
            /** @description Regular expressions in RE2 syntax whose matches are findings. They run in time linear in the payload, whatever the pattern; lookarounds and backreferences, which RE2 does not have, are refused. */
            patterns?: string[];
            /** @description Server names (`*` wildcard) it applies to; none means every server of the workspace. */
            servers?: components["schemas"]["ToolNamePattern"][];
            /** @description Tool names (`*` wildcard) it applies to; none means every tool, and prompts and resources too. */
            tools?: components["schemas"]["ToolNamePattern"][];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /** @description A webhook (by name, of the workspace) asked to scan the payload too. */
            webhook?: components["schemas"]["Name"];
            /** @default default */
            workspace: components["schemas"]["Name"];
        };
        /** @enum {string} */
        GuardrailDetector: "email" | "phone" | "us-ssn" | "uk-nino" | "ca-sin" | "payment-card" | "iban" | "ip-address" | "aws-access-key" | "private-key" | "jwt" | "high-entropy";
        GuardrailList: {
            items: components["schemas"]["Guardrail"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        GuardrailPatch: {
            /** @enum {string} */
            action?: "block" | "redact" | "log";
            definitions?: boolean;
            description?: string | null;
            detectors?: components["schemas"]["GuardrailDetector"][] | null;
            /** @enum {string} */
            direction?: "input" | "output" | "both";
            enabled?: boolean;
            keywords?: string[] | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            maxBytes?: number | null;
            patterns?: string[] | null;
            servers?: components["schemas"]["ToolNamePattern"][] | null;
            tools?: components["schemas"]["ToolNamePattern"][] | null;
            webhook?: components["schemas"]["Name"] | null;
        };
        /** @description An HTTP field name (an RFC 9110 token). */
        HeaderName: string;
        /** @description Active probes of every target (an MCP `initialize` and `tools/list`): every `intervalSeconds` by a timer locally, at every run of the scheduled function on AWS (`healthCheckSchedule`, every minute by default). A target that failed `unhealthyAfter` probes in a row leaves rotation until a probe succeeds, and its sessions end (404: their clients initialize again on a target that serves). A verdict past its `holdsUntil` (three times the longer of the interval and the checker's cadence; a checker that stopped) takes no target out, nor does one that takes out every target. Status per target at `GET /v1/servers/{id}/health`; live traffic is watched by the circuit breaker. */
        HealthCheck: {
            /** @default 30 */
            intervalSeconds: number;
            /** @default 2 */
            unhealthyAfter: number;
        };
        /** @description Identifier assigned by the gateway. */
        Id: string;
        /** @description Who is calling, told to the upstream (the client's own credential never is). `forwardJwt` names the header that carries a short-lived JWT the gateway signs for this server (`typ` `identity+jwt`, `iss` the gateway, `aud` the server's resource URI, `sub` the user, `email`, `teams`, `ws`; keys at `/.well-known/jwks.json`; the gateway's access tokens share `iss` and `aud` but are typed `at+jwt`, so an upstream checks `typ` too); `headers` maps header names to principal fields sent as plain text (visible ASCII but `%` as it is, anything else percent-encoded, so decoding any value gives it back; `teams` comma-separated). */
        IdentityForwarding: {
            forwardJwt?: components["schemas"]["HeaderName"];
            headers?: {
                [key: string]: "user" | "email" | "teams" | "workspace" | "method";
            };
        };
        /** @description An OpenID Connect or OAuth 2.0 provider whose JWT access tokens MCP clients may present as `Authorization: Bearer`. Tokens are verified against the provider's JWKS (from `jwksUri`, else from the issuer's discovery document); a token must be issued by `issuer`, carry an `aud` naming the server's resource URI (`<gateway>/mcp/{server}`) or one of `audiences`, and be unexpired. */
        IdentityProvider: {
            /** @description The signature algorithms accepted; when unset, RS256, PS256, ES256 and EdDSA. */
            algorithms?: components["schemas"]["JwsAlgorithm"][];
            /** @description `aud` values accepted besides the server's own resource URI (RFC 8707), for providers that cannot issue tokens per resource (an API identifier, a client id). */
            audiences?: string[];
            claims?: components["schemas"]["IdentityProviderClaims"];
            /**
             * @description Tolerance for `exp`, `nbf` and `iat` against the gateway's clock.
             * @default 60
             */
            clockSkewSeconds: number;
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /**
             * @description A disabled provider's tokens are refused.
             * @default true
             */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            /**
             * Format: uri
             * @description The issuer, exactly as tokens carry it in `iss`, with no query (changing it requires `login.clientSecret` again: the secret is presented at the issuer's token endpoint); its discovery document is read at `<issuer>/.well-known/openid-configuration` (or the RFC 8414 form) when `jwksUri` is unset.
             */
            issuer: string;
            /**
             * Format: uri
             * @description The provider's JSON Web Key Set; read from the discovery document when unset.
             */
            jwksUri?: string;
            labels?: components["schemas"]["Labels"];
            login?: components["schemas"]["IdentityProviderLogin"];
            /** @description Unique name. */
            name: components["schemas"]["Name"];
            /** @description Claims a token must carry (besides `iss`, `aud`, `exp` and the user claim). */
            requiredClaims?: components["schemas"]["ClaimName"][];
            roles?: components["schemas"]["IdentityProviderRoles"];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace (by name) whose servers accept the provider's tokens.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        /** @description Which token claims make the principal. */
        IdentityProviderClaims: {
            /**
             * @description The claim holding the user's email address (optional in tokens).
             * @default email
             */
            email: components["schemas"]["ClaimName"];
            /**
             * @description The claim holding the user's teams (a list, or one space-separated string).
             * @default groups
             */
            teams: components["schemas"]["ClaimName"];
            /**
             * @description The claim holding the user id.
             * @default sub
             */
            user: components["schemas"]["ClaimName"];
            /** @description A claim naming the workspace of the user. When set, the provider's tokens serve the workspace the claim names (whatever workspace the provider is registered in); when unset, only the provider's own workspace. */
            workspace?: components["schemas"]["ClaimName"];
        };
        IdentityProviderList: {
            items: components["schemas"]["IdentityProvider"][];
            nextCursor?: string;
        };
        /** @description Makes the provider the sign-in of the gateway's own authorization server: people authorizing an MCP client are sent to it (authorization code flow with PKCE, redirect URI `<gateway>/oauth/callback`). The gateway is a public client there unless `clientSecret` is set, as providers without public clients (Entra ID web apps, Cognito, Okta) require. */
        IdentityProviderLogin: {
            /** @description The gateway's client id at the provider. */
            clientId: string;
            /** @description The gateway's client secret at the provider, presented at its token endpoint by the token endpoint auth method. Never returned. */
            clientSecret?: string;
            /**
             * @description How long a person's grant at the gateway lasts however often its client refreshes it (90 days at most): then the person signs in here again, and the gateway learns their teams and claims anew (they are kept from the sign-in until then). Read at every refresh: shortening it ends longer grants at their next refresh. A grant whose provider is deleted or disabled ends too (grants of sign-ins before this setting existed last their 90 days).
             * @default 7776000
             */
            grantLifetimeSeconds: number;
            /** @description Scopes asked of the provider besides `openid`. */
            scopes?: components["schemas"]["Scope"][];
            /**
             * @description How the client secret is presented at the provider's token endpoint (RFC 6749 section 2.3.1).
             * @default client_secret_basic
             * @enum {string}
             */
            tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
            /**
             * @description Whether a token vault consent link of a user signed in through this provider (directly, or through the gateway's own sign-in with it) asks the person at the browser to sign in here as that user before anything is connected (MCP's URL-elicitation phishing guard); anyone else is refused and the link is spent. Turn off for a provider whose tokens' users cannot sign in at a browser (machines) or whose ID tokens name users otherwise than its access tokens: the link's page then only names its user.
             * @default true
             */
            vaultLinkSignIn: boolean;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        IdentityProviderPatch: {
            algorithms?: components["schemas"]["JwsAlgorithm"][] | null;
            audiences?: string[] | null;
            /** @description Claim mappings to set; a mapping set to `null` returns to its default. */
            claims?: {
                email?: string | null;
                teams?: string | null;
                user?: string | null;
                workspace?: string | null;
            } | null;
            clockSkewSeconds?: number;
            description?: string | null;
            enabled?: boolean;
            /** Format: uri */
            issuer?: string;
            /** Format: uri */
            jwksUri?: string | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            /** @description The sign-in block to set; `null` removes it. */
            login?: {
                clientId?: string;
                /** @description A new client secret; `null` makes the gateway a public client at the provider. */
                clientSecret?: string | null;
                grantLifetimeSeconds?: number;
                scopes?: components["schemas"]["Scope"][] | null;
                /** @enum {string} */
                tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
                vaultLinkSignIn?: boolean;
            } | null;
            requiredClaims?: components["schemas"]["ClaimName"][] | null;
            /** @description Role mappings to set; a mapping set to `null` is removed, `null` removes them all. */
            roles?: {
                admin?: string[] | null;
                audiences?: string[] | null;
                claim?: string | null;
                viewer?: string[] | null;
                workspaceAdmin?: string[] | null;
            } | null;
        };
        /** @description Makes the provider's tokens valid at the management API (`/v1`, audience `<gateway>/v1` or one of these `audiences`; the provider's own `audiences`, for MCP servers, are not accepted here, so a token an MCP client holds is no management credential): the values of the token's `claim` grant a role. `admin` may do everything; `workspaceAdmin` manages what belongs to the token's workspace (the provider's, or the one its `workspace` claim mapping names): its servers, api keys, teams, access policies, rate limits, budgets, guardrails, webhooks and the rest, and edits the workspace itself; `viewer` reads them. Nobody but an admin sees or changes another workspace, any identity provider (nor its changes in the audit log) or any telemetry sink. */
        IdentityProviderRoles: {
            /** @description Claim values that make the caller an admin. */
            admin?: string[];
            /** @description `aud` values accepted at the management API besides `<gateway>/v1`, for providers that cannot issue tokens per resource (an API identifier of the management API's own). Never an MCP server's resource (`…/mcp/{server}`) nor one the provider's `audiences` name: a token a client holds for MCP servers is no management credential. */
            audiences?: string[];
            /**
             * @description The claim holding the caller's roles (a list, or one space-separated string).
             * @default roles
             */
            claim: components["schemas"]["ClaimName"];
            /** @description Claim values that let the caller read its workspace. */
            viewer?: string[];
            /** @description Claim values that make the caller an admin of its workspace. */
            workspaceAdmin?: string[];
        };
        /**
         * @description An asymmetric JWS algorithm (`none` and the HMAC algorithms are never accepted).
         * @enum {string}
         */
        JwsAlgorithm: "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA";
        /** @description Free-form key/value labels. */
        Labels: {
            [key: string]: string;
        };
        /** @description The Lambda function of a `lambda` server: its name, `name:alias`, or ARN (optionally qualified by a version or alias). Invoked synchronously with one JSON-RPC message per invocation (see the README's payload format); the gateway's role must be allowed `lambda:InvokeFunction` on it. Only an admin sets or changes it: the gateway's role may invoke every function of the deployment, so a workspace admin naming one could call another workspace's server as the gateway (403 `forbidden`). */
        LambdaFunction: string;
        /** @description Lower-case letters, digits and dashes; used in URLs. */
        Name: string;
        /** @description A client of the gateway's own authorization server (`/oauth/token`, metadata at `/.well-known/oauth-authorization-server`). Its `id` is its `client_id`. A confidential client obtains access tokens for the gateway's servers with the client-credentials grant, authenticating with its secret (`client_secret_basic`, `client_secret_post`) or a JWT signed with a key its `jwksUri` publishes (`private_key_jwt`). Required by method: `secret` (at creation) for the `client_secret_*` methods, `jwksUri` for `private_key_jwt`, at least one of `redirectUris` for a public client (`none`, which has no secret). A client never moves between a method with a secret and one without (that is a new client). Names beginning `md-` or `dcr-` are the gateway's own (the clients it records from metadata documents and dynamic registration). */
        OAuthClient: {
            /**
             * @description Lifetime of the access tokens the client obtains.
             * @default 900
             */
            accessTokenTtlSeconds: number;
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /**
             * @description A disabled client obtains no tokens; tokens already issued run out within their lifetime.
             * @default true
             */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            /**
             * Format: uri
             * @description Where the client publishes the keys of its `private_key_jwt` assertions.
             */
            jwksUri?: string;
            labels?: components["schemas"]["Labels"];
            /** @description For a client known by its Client ID Metadata Document: the document's URL, which is the `client_id` it presents. Such clients appear here when first seen. */
            readonly metadataDocument?: string;
            /** @description Unique name. */
            name: components["schemas"]["Name"];
            /** @description Where the authorization code flow may return, matched exactly: `https` URLs, loopback `http` URLs, or private schemes of native apps. The code flow is open to the client only when set. */
            redirectUris?: string[];
            /**
             * @description How the client came to be known. A `dynamic-registration` client lapses by itself a day after it registered when nobody signed in with it, else 92 days after the last sign-in with it. A client that registered itself serves every workspace: only an admin changes or deletes it (403 `forbidden` for workspace admins).
             * @enum {string}
             */
            readonly registeredBy?: "admin" | "dynamic-registration" | "metadata-document";
            /** @description The scopes the client may obtain; a token carries those it asks for (`scope`), or all of them when it asks for none. */
            scopes?: components["schemas"]["Scope"][];
            /** @description The client secret (for the `client_secret_*` methods), supplied by you; stored only as a SHA-256 hash and never returned. */
            secret?: string;
            /** @description The user id the client's tokens carry (`sub`); the client's name when unset. */
            subject?: string;
            /**
             * @description How the client authenticates at the token endpoint; `none` for a public client (a desktop or browser app), which may only use the authorization code flow with PKCE.
             * @default client_secret_basic
             * @enum {string}
             */
            tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace (by name) whose servers the client's tokens reach.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        OAuthClientList: {
            items: components["schemas"]["OAuthClient"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        OAuthClientPatch: {
            accessTokenTtlSeconds?: number;
            description?: string | null;
            enabled?: boolean;
            /** Format: uri */
            jwksUri?: string | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            redirectUris?: string[] | null;
            scopes?: components["schemas"]["Scope"][] | null;
            subject?: string | null;
            /** @enum {string} */
            tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";
        };
        /** @description The REST API an `openapi` server turns into tools: its OpenAPI 3.0/3.1 document (`url`, JSON or YAML, read through the outbound address guard; or inline as `document`), each selected operation a tool — named by its `operationId`, its parameters (path, query, header, cookie) and JSON body the input schema, its JSON response the output schema, `GET` read-only and `DELETE` destructive. Answers are structured content (with a text copy, or a note pointing at it when the copy would pass the message limit); a status of 300 or more is a tool error (redirects are not followed). */
        OpenApiSource: {
            /**
             * Format: uri
             * @description Where the API is called; the server's `url` (or each of its `targets`) when unset. Not with `targets`.
             */
            baseUrl?: string;
            /** @description The OpenAPI document itself, instead of `url` (not both). It is stored with the server: a server whose stored form passes the store's item limit (400 KB on DynamoDB) or nests deeper than 24 levels (counted from the request body) is refused, so a large document belongs at a `url`. A patch giving `document` replaces the stored one whole (it is not merged) and drops a stored `url`; a patch giving `url` drops a stored `document`. */
            document?: {
                [key: string]: unknown;
            };
            /** @description The operationIds (`*` wildcard) to offer; every operation when unset. At most 1,000 operations are offered: a larger API answers an error until some are selected. Each operation's schemas are expanded from their `$ref`s up to a bound, and the whole document's up to another; past them a schema is left open (`{}`). */
            operations?: components["schemas"]["ToolNamePattern"][];
            /** Format: uri */
            url?: string;
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @description A stable, machine-readable error code. */
            code: string;
            detail?: string;
            /** @description For validation problems, one entry per invalid field. */
            errors?: {
                detail: string;
                /** @description JSON pointer (RFC 6901) into the request body. */
                pointer: string;
            }[];
            instance?: string;
            status: number;
            title: string;
            type: string;
        };
        /** @description At most `limit` requests per `window` for each key `per` makes (user, team, workspace, server, tool), across every gateway instance sharing the store. Each JSON-RPC request counts (a batch's each); a POST of notifications only counts once, as the tool `~notifications`, and opening the server's stream (GET) once, as `~stream`. Never counted: ending a session, the client's answers to the server's requests, `notifications/initialized` and `notifications/cancelled`. `sliding-window` weighs the previous window's count by its overlap; `token-bucket` refills `limit` tokens per window, bursting up to `limit`. Instances take quota from the store in leases (from `limit`/100, doubling up to `limit`/20 while a key is hot), so a hot key costs far less than a store write per request; the weighted count never exceeds the limit (an estimate: requests bunched around a window's boundary can reach twice the limit within one window's length; instances' clocks must agree), and an instance's unused leases (at most a lease and a fifth) may leave that many requests unserved in a window. Exceeding answers HTTP 429 with `Retry-After`, `RateLimit-Policy` and `RateLimit` headers and a JSON-RPC error whose data carries `retryAfterSeconds`. */
        RateLimit: {
            /**
             * @default sliding-window
             * @enum {string}
             */
            algorithm: "sliding-window" | "token-bucket";
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /** @default true */
            enabled: boolean;
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            limit: number;
            name: components["schemas"]["Name"];
            /**
             * @description What is counted apart; `team` counts against each of the principal's teams (`-` for none); `tool` by the tool called, other requests by `~<method>` (`~tools/list`).
             * @default [
             *       "user"
             *     ]
             */
            per: components["schemas"]["CountedPer"][];
            /** @description Server names (`*` wildcard) it applies to; none means every server of the workspace. */
            servers?: components["schemas"]["ToolNamePattern"][];
            /** @description Tool names (`*` wildcard) it applies to; none means every request (a rate limit) or every tool call (a budget). */
            tools?: components["schemas"]["ToolNamePattern"][];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
            /** @enum {string} */
            window: "second" | "minute" | "hour" | "day";
            /** @default default */
            workspace: components["schemas"]["Name"];
        };
        RateLimitList: {
            items: components["schemas"]["RateLimit"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        RateLimitPatch: {
            /** @enum {string} */
            algorithm?: "sliding-window" | "token-bucket";
            description?: string | null;
            enabled?: boolean;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            limit?: number;
            per?: components["schemas"]["CountedPer"][];
            servers?: components["schemas"]["ToolNamePattern"][] | null;
            tools?: components["schemas"]["ToolNamePattern"][] | null;
            /** @enum {string} */
            window?: "second" | "minute" | "hour" | "day";
        };
        /** @description An MCP registry speaking the official MCP Registry API (`GET <url>/v0.1/servers`, cursor pagination, `server.json` entries) — the public registry or an internal mirror. Its entries with remotes become servers of its workspace on `POST /v1/registries/{id}/sync` and on its `schedule`. A sync reads at most 20,000 entries and imports at most 1,000 servers (`include` and `namespaces` narrow a larger registry); a server moves with its entry only when it holds no credentials, identity forwarding or headers an admin set. */
        Registry: {
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /** @default true */
            enabled: boolean;
            /** @description Headers sent with every request to the registry (for example a mirror's token). Never returned. The names a server's `headers` may not use are refused here too. */
            headers?: {
                [key: string]: string;
            };
            id?: components["schemas"]["Id"];
            /** @description Entry names (`*` wildcard, e.g. `io.github.acme/*`) to import; every entry when unset. */
            include?: components["schemas"]["ToolNamePattern"][];
            labels?: components["schemas"]["Labels"];
            /** @description The last sync's time and counts; a scheduled sync records it (and raises the registry's `version`). */
            readonly lastSync?: {
                /** Format: date-time */
                at?: string;
                created?: number;
                disabled?: number;
                error?: string;
                skipped?: number;
                updated?: number;
            };
            name: components["schemas"]["Name"];
            /** @description Only entries of these namespaces (the part of the name before `/`, e.g. `io.github.acme`). */
            namespaces?: string[];
            /** @description How often to sync by itself (`15m`, `1h`, `1d`); only on demand when unset. Servers a scheduled sync changes are recorded in the audit log as the gateway's changes. */
            schedule?: string;
            updatedAt?: components["schemas"]["UpdatedAt"];
            /**
             * Format: uri
             * @description The registry's base URL; the listing is read at `<url>/v0.1/servers`.
             */
            url: string;
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace its servers are imported into.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        RegistryList: {
            items: components["schemas"]["Registry"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. */
        RegistryPatch: {
            description?: string | null;
            enabled?: boolean;
            /** @description Headers to set; a header set to `null` is removed, `null` removes all headers. */
            headers?: {
                [key: string]: string | null;
            } | null;
            include?: components["schemas"]["ToolNamePattern"][] | null;
            labels?: {
                [key: string]: string | null;
            } | null;
            namespaces?: string[] | null;
            schedule?: string | null;
            /** Format: uri */
            url?: string;
        };
        RegistrySyncEntry: {
            /** @description The registry entry's name. */
            name: string;
            reason?: string;
            /** @description The gateway server's name. */
            server?: string;
            version?: string;
        };
        RegistrySyncReport: {
            created: components["schemas"]["RegistrySyncEntry"][];
            disabled: components["schemas"]["RegistrySyncEntry"][];
            /** @description Set when the sync ran out of its time (a Lambda function's) before every entry: why. The servers it did not reach are as they were (none is disabled), and `lastSync.error` says the same. */
            incomplete?: string;
            registry: string;
            skipped: components["schemas"]["RegistrySyncEntry"][];
            /** Format: date-time */
            syncedAt: string;
            updated: components["schemas"]["RegistrySyncEntry"][];
        };
        ResealReport: {
            /** @description False when the call stopped at its time budget before reaching everything: call it again (what is sealed under the current key already is read again and skipped without a write). */
            complete: boolean;
            /** @description Stored items already sealed under the current key, or sealed anew by a write meanwhile. */
            current: number;
            /** @description What was being written at the same moment (a token renewal under way), left as it is: run the reseal again. */
            pending: string[];
            /** @description Stored items sealed anew (under a previous key before, or in the clear). */
            sealed: number;
            /** @description What no key of this gateway opens (`<type> <id>`, `vault token <server id> <user>`, `vault client <key>`, `signing key <kid>`), left as it is: a resource to give its secrets anew, a token its user connects anew (a signing key is replaced by a new one when next used). */
            unopenable: string[];
        };
        /** @description Retries of calls that are safe to repeat — list and read methods, `ping`, completions, calls of `idempotentTools`, and (on servers with `trustAnnotations`) of tools the upstream marks `readOnlyHint` or `idempotentHint` — after a transport failure or an answer with one of `statuses`, before anything of the answer reached the client. Waits grow exponentially from `backoffMs` (full jitter, at most `maxBackoffMs`, or the upstream's `Retry-After` when it says more, within the timeout). A retry budget keeps retries under `budget` of the calls (per instance and server), so retries cannot multiply an outage. */
        RetryPolicy: {
            /**
             * @description Retries after the first try.
             * @default 2
             */
            attempts: number;
            /** @default 100 */
            backoffMs: number;
            /**
             * @description The largest share of calls that may be retries; the first ten retries of an instance are free of it (a burst after a quiet spell), except under 0, which turns retries off.
             * @default 0.2
             */
            budget: number;
            /** @description Tools safe to call twice, on the admin's word. */
            idempotentTools?: components["schemas"]["ToolNamePattern"][];
            /** @default 2000 */
            maxBackoffMs: number;
            /**
             * @default [
             *       429,
             *       502,
             *       503,
             *       504
             *     ]
             */
            statuses: number[];
        };
        /** @description An OAuth scope token (RFC 6749 §3.3). */
        Scope: string;
        SeenUser: {
            email?: string;
            /** Format: date-time */
            firstSeenAt?: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** @description How it last authenticated. */
            method?: string;
            /** @description The identity provider of its last token. */
            provider?: string;
            /** @description The teams it belonged to when last seen. */
            teams?: string[];
            user: components["schemas"]["UserId"];
            workspace: components["schemas"]["Name"];
        };
        /** @description An upstream MCP server, reachable through the gateway at `/mcp/{name}`. */
        Server: {
            authentication?: components["schemas"]["Authentication"];
            /** @description The authentication webhook for this server (by name, of its workspace); else the workspace's. */
            authnWebhook?: components["schemas"]["Name"];
            /** @description The authorization webhook for this server (by name, of its workspace); else the workspace's. */
            authzWebhook?: components["schemas"]["Name"];
            circuitBreaker?: components["schemas"]["CircuitBreaker"];
            createdAt?: components["schemas"]["CreatedAt"];
            credentials?: components["schemas"]["UpstreamCredentials"];
            description?: string;
            /**
             * Format: date-time
             * @description When the server was last disabled; sessions opened before this time are ended.
             */
            readonly disabledAt?: string;
            /**
             * @description A disabled server answers 503 to MCP clients and ends its sessions: a client must initialize again once it is enabled.
             * @default true
             */
            enabled: boolean;
            /**
             * Format: date-time
             * @description When the server was last enabled again after being disabled; sessions opened before this time (some instance may have opened one while it still thought the server enabled) are ended too.
             */
            readonly enabledAt?: string;
            /** @description Other servers of this workspace (by name), tried in order when no target of this one can take a new session or a stateless call (every circuit open, out of rotation, or unreachable). The call stays this server's: its access policies, limits, budgets and tool catalog apply. The fallback's upstream gets only the fallback's own credentials (its `headers`, its client-credentials token), never this server's. A virtual server, one forwarding its users' identity (`identity`) or one calling with per-user credentials (token exchange, user OAuth) cannot be a fallback: what it sends is made for the server the client named. A session opened on a fallback stays there. */
            fallbacks?: components["schemas"]["Name"][];
            function?: components["schemas"]["LambdaFunction"];
            /** @description Extra headers sent upstream (for example the upstream's own credentials). Never returned. Names are RFC 9110 tokens, unique regardless of case; headers the gateway sets itself or that control the connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-*`, `Content-Type`, `Accept`, `Last-Event-ID` and the MCP protocol headers `Mcp-Session-Id`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) are refused. Values are Latin-1 text without control characters (tab allowed). */
            headers?: {
                [key: string]: string;
            };
            healthCheck?: components["schemas"]["HealthCheck"];
            id?: components["schemas"]["Id"];
            identity?: components["schemas"]["IdentityForwarding"];
            labels?: components["schemas"]["Labels"];
            logging?: components["schemas"]["ServerLogging"];
            /** @description The servers (of this workspace, none of them virtual) a `virtual` server is made of. Each member's tool and prompt names get its `prefix` (or an explicit `rename`), so names never collide; a member's session upstream is opened when the client first needs it; a member that fails hides only its own tools (named in the list answer's `_meta`), and one the caller may not use is never asked. */
            members?: components["schemas"]["VirtualMember"][];
            /** @description Unique name; clients connect to `/mcp/{name}`. */
            name: components["schemas"]["Name"];
            openapi?: components["schemas"]["OpenApiSource"];
            /** @description Where an imported server came from (a registry sync or a server.json import); a scheduled sync rewrites it (and the server's `version`). */
            readonly origin?: {
                /** @description The description the entry gave when last applied (empty when it gave none). It follows the entry while the server's own `description` is that one (or none); one an admin wrote stays. */
                description?: string;
                /** @description Whether the server was enabled when its entry left the registry; its return restores that. */
                enabledBeforeRemoval?: boolean;
                /** @description The fixed (not secret) headers the entry gave when last applied, each value as a `sha256:` digest: a server's headers are write-only. */
                headers?: {
                    [key: string]: string;
                };
                /** Format: date-time */
                importedAt?: string;
                /** @description The entry's name in the registry (its server.json `name`). */
                name?: string;
                /** @description The registry it was synced from; absent for a server.json import. */
                registry?: string;
                /** @description The id of that registry (a registry made later under the same name is another one). */
                registryId?: string;
                /**
                 * @description `removed`: the entry left the registry (the server was disabled then).
                 * @enum {string}
                 */
                status?: "active" | "removed";
                /** @description The transport the entry gave when last applied. */
                transport?: string;
                /** @description The address the entry gave when last applied. A server whose own `url` differs has one an admin gave it, which syncs keep. */
                url?: string;
                version?: string;
            };
            pricing?: components["schemas"]["ServerPricing"];
            retry?: components["schemas"]["RetryPolicy"];
            /** @description OAuth scopes a token must carry (in `scope` or `scp`) to use this server; a token lacking one is answered 403 `insufficient_scope` naming them all. Api keys and webhook principals are not scoped. */
            scopes?: components["schemas"]["Scope"][];
            /** @description Upstream URLs of this server, replacing `url` for traffic when given: a new session goes to the lowest `priority` that has a target whose circuit is not open, drawn by `weight` within it (95/5 for a canary), and on to the next target while one cannot be reached; a session stays on the target that created it; stateless requests of a user stay on one target. */
            targets?: components["schemas"]["ServerTarget"][];
            /**
             * @description Time allowed for one upstream request, including a streamed response.
             * @default 60000
             */
            timeoutMs: number;
            /**
             * @description Guards against a server silently changing a tool (a "rug pull"): each tool's definition is pinned by its hash when first seen; a tool whose definition then changes is recorded as drift (`log`) or also hidden from `tools/list` with its calls refused (`quarantine`) until an admin approves the new definition (`POST /v1/servers/{id}/tools/{name}/approve`). Drift and approvals are audit events.
             * @default off
             * @enum {string}
             */
            toolPinning: "off" | "log" | "quarantine";
            tools?: components["schemas"]["ToolProvisioning"];
            /** @description Per-tool timeouts (tool name patterns, `*` wildcard) that replace `timeoutMs` for a call of a matching tool; a tool's own name wins, else the pattern with the most characters besides `*`. */
            toolTimeoutsMs?: {
                [key: string]: number;
            };
            /**
             * @description `streamable-http`; `stateless-http`: Streamable HTTP of the stateless 2026-07-28 revision only (no `initialize`, no sessions), whose session-era clients get sessions the gateway holds itself; `sse` for the legacy 2024-11-05 HTTP+SSE transport; `openapi`: an MCP server the gateway itself hosts for a REST API (see `openapi`), calling it at `openapi.baseUrl` (else `url`) with the server's own credentials and identity headers; `lambda`: an MCP server in an AWS Lambda function (`function`), invoked with one JSON-RPC message per invocation; `virtual`: one server made of the tools, prompts and resources of other servers (`members`).
             * @default streamable-http
             * @enum {string}
             */
            transport: "streamable-http" | "stateless-http" | "sse" | "openapi" | "lambda" | "virtual";
            /**
             * @description The upstream's tool annotations (`readOnlyHint`, ...) are trusted for policy decisions such as read-only provisioning. Annotations are hints the upstream gives about itself: trust only servers you control.
             * @default false
             */
            trustAnnotations: boolean;
            updatedAt?: components["schemas"]["UpdatedAt"];
            /**
             * Format: uri
             * @description The upstream endpoint: an `http` or `https` URL with a host, a port (if any) from 1 to 65535, and neither user info nor a fragment. Required for `streamable-http`, `stateless-http` and `sse` (unless `targets` are given); not used by `lambda` and `virtual`.
             */
            url?: string;
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace (by name) the server belongs to.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        ServerHealth: {
            /** Format: date-time */
            checkedAt?: string;
            /** @description When unhealthy, the stable error code of the first target that failed (e.g. `upstream_unavailable`). */
            error?: string;
            /** @description Whether any target answered the last probe; false while none has run (no `checkedAt`). */
            healthy: boolean;
            /**
             * Format: date-time
             * @description Until when the verdict takes targets out of rotation: three times the longer of the server's interval and the checker's own cadence (locally the interval and half a minute of slack; on AWS the `rate(...)` schedule the construct tells the checker in `MCP_GATEWAY_HEALTH_EVERY_SECONDS`, else five minutes). A checker that stopped takes no target out for good.
             */
            holdsUntil?: string;
            /** @description How long the last probe took, all targets together. */
            latencyMs?: number;
            /** @description A virtual server's members, as their own last checks found them; the virtual server is healthy while one of them is. */
            members?: {
                /** Format: date-time */
                checkedAt?: string;
                error?: string;
                healthy: boolean;
                server: string;
            }[];
            server: string;
            targets?: {
                /**
                 * @description What live traffic says (passive outlier detection): `open` while the target's circuit breaker keeps calls away from it.
                 * @enum {string}
                 */
                circuit?: "open" | "closed";
                /** Format: date-time */
                circuitOpenUntil?: string;
                error?: string;
                /** @description Failed probes in a row. */
                failures?: number;
                /** @description The last probe's verdict; absent for a target no probe has checked (the server has no `healthCheck`, or its first probe is still to come). */
                healthy?: boolean;
                inRotation?: boolean;
                latencyMs?: number;
                url: string;
            }[];
        };
        ServerList: {
            items: components["schemas"]["Server"][];
            nextCursor?: string;
        };
        /** @description What telemetry records of this server's traffic. `payloads`: `off` (nothing of them), `metadata` (their sizes) or `full` (a tool call's arguments and result as span attributes `gen_ai.tool.call.arguments` / `gen_ai.tool.call.result`, after guardrail redaction). `headers`: request headers (by name) copied into spans as `http.request.header.<name>`; credentials never are: `Authorization`, `Cookie`, `Proxy-Authorization`, and any header whose name has a word such as `token`, `secret`, `session`, `signature`, `assertion`, `jwt` or `password`, or a key's (`X-Api-Key`, `X-Functions-Key`, `DD-Application-Key`; not `Idempotency-Key` or `X-Tenant-Key`). */
        ServerLogging: {
            headers?: components["schemas"]["HeaderName"][];
            /**
             * @default off
             * @enum {string}
             */
            payloads: "off" | "metadata" | "full";
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        ServerPatch: {
            /** @description Accepted credentials to set; a field set to `null` returns to its default, `null` removes the block. */
            authentication?: {
                identityProviders?: components["schemas"]["Name"][] | null;
                methods?: ("api-key" | "jwt" | "webhook" | "oauth")[] | null;
            } | null;
            authnWebhook?: string | null;
            authzWebhook?: string | null;
            /** @description The circuit breaker to change, merged into the current one (fields left out keep their values); `null` removes it. */
            circuitBreaker?: {
                consecutiveFailures?: number;
                cooldownSeconds?: number;
                failureRate?: number;
                minimumCalls?: number;
                windowSeconds?: number;
            } | null;
            /** @description The upstream credentials to change, merged into the current ones (fields left out, secrets among them, keep their values, a field set to `null` is removed; `kind` is given every time, the current one to keep it); `null` removes them. */
            credentials?: components["schemas"]["UpstreamCredentials"] | null;
            description?: string | null;
            enabled?: boolean;
            fallbacks?: components["schemas"]["Name"][] | null;
            function?: string | null;
            /** @description Headers to set; a header set to `null` is removed, `null` removes all headers. */
            headers?: {
                [key: string]: string | null;
            } | null;
            /** @description The health check to change, merged into the current one (fields left out keep their values); `null` removes it. */
            healthCheck?: {
                intervalSeconds?: number;
                unhealthyAfter?: number;
            } | null;
            /** @description The identity forwarding to change, merged into the current one (fields left out keep their values, a field set to `null` is removed); `null` removes it. */
            identity?: components["schemas"]["IdentityForwarding"] | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            /** @description The logging settings to set; `null` removes them. */
            logging?: {
                headers?: components["schemas"]["HeaderName"][];
                /** @enum {string} */
                payloads?: "off" | "metadata" | "full";
            } | null;
            members?: components["schemas"]["VirtualMember"][] | null;
            openapi?: {
                /** Format: uri */
                baseUrl?: string;
                document?: {
                    [key: string]: unknown;
                };
                operations?: components["schemas"]["ToolNamePattern"][];
                /** Format: uri */
                url?: string;
            } | null;
            /** @description The prices to set; `null` removes them (1 unit per call). */
            pricing?: {
                perCall?: number;
                tools?: {
                    [key: string]: number;
                };
            } | null;
            /** @description The retry policy to change, merged into the current one (fields left out keep their values); `null` removes it. */
            retry?: {
                attempts?: number;
                backoffMs?: number;
                budget?: number;
                idempotentTools?: components["schemas"]["ToolNamePattern"][];
                maxBackoffMs?: number;
                statuses?: number[];
            } | null;
            scopes?: components["schemas"]["Scope"][] | null;
            targets?: components["schemas"]["ServerTarget"][] | null;
            timeoutMs?: number;
            /** @enum {string} */
            toolPinning?: "off" | "log" | "quarantine";
            /** @description Tool rules to set; a rule set to `null` is removed, `null` removes all rules. */
            tools?: {
                allow?: components["schemas"]["ToolNamePattern"][] | null;
                deny?: components["schemas"]["ToolNamePattern"][] | null;
                readOnly?: boolean | null;
            } | null;
            toolTimeoutsMs?: {
                [key: string]: number | null;
            } | null;
            /** @enum {string} */
            transport?: "streamable-http" | "stateless-http" | "sse" | "openapi" | "lambda" | "virtual";
            trustAnnotations?: boolean;
            /** Format: uri */
            url?: string | null;
        };
        /** @description What a tool call costs budgets, in their units. Not for a virtual server: a call through one is priced by the member that serves it. */
        ServerPricing: {
            /** @default 1 */
            perCall: number;
            /** @description Per-tool prices (tool name patterns, `*` wildcard) that replace `perCall`; a tool's own name wins, else the pattern with the most characters besides `*`. */
            tools?: {
                [key: string]: number;
            };
        };
        ServerTarget: {
            /**
             * @description Lower first; higher priorities take traffic only when every lower one is unreachable or open.
             * @default 0
             */
            priority: number;
            /** Format: uri */
            url: string;
            /**
             * @description The share of traffic within its priority; 0 drains the target (it is tried only after every target with a weight, of any priority).
             * @default 1
             */
            weight: number;
        };
        ServerToolList: {
            /** @description SHA-256 (hex) over the tools' hashes; absent until a catalog was learned. */
            hash?: string;
            items: components["schemas"]["Tool"][];
            /**
             * Format: date-time
             * @description When the catalog last changed or was confirmed.
             */
            updatedAt?: string;
        };
        SignOut: {
            /**
             * Format: date-time
             * @description Tokens issued up to this second are refused.
             */
            signedOutAt: string;
            user: components["schemas"]["UserId"];
            workspace: components["schemas"]["Name"];
        };
        SignOutRequest: {
            user: components["schemas"]["UserId"];
            /** @description The user's workspace (default `default`; a workspace admin's own). */
            workspace?: components["schemas"]["Name"];
        };
        /** @description A team of a workspace, named by access policies (`subjects.teams`). Its members are the users it lists and, with `claim`, every principal whose token claim holds one of `values` (an IdP's `groups`, for instance). The teams a token names through its provider's `teams` mapping count as well. */
        Team: {
            /** @description A token claim (a string or a list of strings) that makes its holder a member when it holds one of `values`. */
            claim?: components["schemas"]["ClaimName"];
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            /** @description Users who belong to the team. */
            members?: components["schemas"]["UserId"][];
            /** @description Unique name; access policies refer to the team by it. */
            name: components["schemas"]["Name"];
            updatedAt?: components["schemas"]["UpdatedAt"];
            /** @description The values of `claim` that mean membership; required (at least one) with `claim`. */
            values?: string[];
            version?: components["schemas"]["Version"];
            /** @default default */
            workspace: components["schemas"]["Name"];
        };
        TeamList: {
            items: components["schemas"]["Team"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        TeamPatch: {
            claim?: components["schemas"]["ClaimName"] | null;
            description?: string | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            members?: components["schemas"]["UserId"][] | null;
            values?: string[] | null;
        };
        /** @description An OpenTelemetry collector the gateway exports to over OTLP/HTTP: a span per MCP request following the OpenTelemetry MCP semantic conventions (`{mcp.method.name} {target}`), with a child span per policy stage, per guardrail verdict and for the upstream call; and the `mcp.server.operation.duration` and `mcp.client.operation.duration` histograms (seconds) with a request counter. A request's span names its caller (`user.id`: the user of the key or token, which may be an email address) and workspace; payloads and headers only as each server's `logging` allows. Only administrators read and change sinks. Export happens in the background (on Lambda at the end of an invocation, once per export interval), never on each request's path; each process exports as an instance of its own (`service.instance.id`). */
        TelemetrySink: {
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /** @default true */
            enabled: boolean;
            /**
             * Format: uri
             * @description The OTLP/HTTP base URL (`https://collector.example.com:4318`): traces go to `<endpoint>/v1/traces`, metrics to `<endpoint>/v1/metrics`. Checked by the gateway's outbound address guard.
             */
            endpoint: string;
            /** @description Headers sent with every export (for example the collector's API key). Never returned. The names a server's `headers` may not use are refused here too. */
            headers?: {
                [key: string]: string;
            };
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            name: components["schemas"]["Name"];
            /**
             * @default http/protobuf
             * @enum {string}
             */
            protocol: "http/protobuf" | "http/json";
            /**
             * @description The share of traces exported (decided by trace id mixed with a salt of the gateway's, so a trace is kept or dropped whole and a caller's `traceparent` cannot choose).
             * @default 1
             */
            sampling: number;
            /**
             * @default [
             *       "traces",
             *       "metrics"
             *     ]
             */
            signals: ("traces" | "metrics")[];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
        };
        TelemetrySinkList: {
            items: components["schemas"]["TelemetrySink"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. */
        TelemetrySinkPatch: {
            description?: string | null;
            enabled?: boolean;
            /** Format: uri */
            endpoint?: string;
            /** @description Headers to set; a header set to `null` is removed, `null` removes all headers. */
            headers?: {
                [key: string]: string | null;
            } | null;
            labels?: {
                [key: string]: string | null;
            } | null;
            /** @enum {string} */
            protocol?: "http/protobuf" | "http/json";
            sampling?: number;
            signals?: ("traces" | "metrics")[];
        };
        /** @description A tool of a server, as its `tools/list` answer defines it. */
        Tool: {
            /** @description Kept without its schemas (too large, too deeply nested, or numbers the store cannot hold): what is shown here is not all that `hash` covers. Approving it needs `abridged: true`. */
            abridged?: boolean;
            /** @description Hints from the upstream about the tool's behaviour (trusted only with `trustAnnotations`). */
            annotations?: {
                destructiveHint?: boolean;
                idempotentHint?: boolean;
                openWorldHint?: boolean;
                readOnlyHint?: boolean;
                title?: string;
            };
            description?: string;
            /** @description How the tool may be run (`taskSupport`). */
            execution?: {
                [key: string]: unknown;
            };
            /** @description SHA-256 (hex) of the tool's definition (name, title, description, schemas, annotations, icons, execution; not its free-form `_meta`); changes when any of it changes. */
            hash: string;
            /** @description Icons a client may show for the tool (`src`, `mimeType`, `sizes`, `theme`). */
            icons?: {
                [key: string]: unknown;
            }[];
            /** @description JSON Schema of the tool's arguments. */
            inputSchema?: {
                [key: string]: unknown;
            };
            name: string;
            /** @description JSON Schema of the tool's structured result. */
            outputSchema?: {
                [key: string]: unknown;
            };
            /** @description The definition an admin approved (or the first one seen), with `toolPinning` on. */
            pin?: {
                /** @description Who approved it; absent for a definition pinned when first seen. */
                approvedBy?: string;
                hash: string;
                /** Format: date-time */
                pinnedAt: string;
            };
            /** @description Whether the server's `tools` rules offer the tool to clients. */
            provisioned: boolean;
            /** @description The tool's definition differs from its pin: with `toolPinning: quarantine` it is hidden from `tools/list` and calls to it are refused until approved. */
            quarantined?: boolean;
            title?: string;
        };
        /** @description A tool name, where `*` matches any run of characters; no whitespace or control characters. */
        ToolNamePattern: string;
        /** @description Which of the server's tools clients are offered: `tools/list` answers leave the others out and calls to them are refused. */
        ToolProvisioning: {
            /** @description Only tools whose name matches one of these patterns are offered (every tool when unset, none when empty); `*` in a pattern matches any run of characters. */
            allow?: components["schemas"]["ToolNamePattern"][];
            /** @description Tools whose name matches one of these patterns are never offered; deny wins over allow. */
            deny?: components["schemas"]["ToolNamePattern"][];
            /**
             * @description Only tools annotated `readOnlyHint: true` are offered. Requires `trustAnnotations: true` on the server, since annotations are the upstream's own hints.
             * @default false
             */
            readOnly: boolean;
        };
        /** Format: date-time */
        UpdatedAt: string;
        /** @description Credentials the gateway obtains for the upstream and sends in `header` (`Authorization: Bearer <token>` by default). `client-credentials`: the gateway's own token from the upstream's token endpoint (OAuth 2.0 client credentials), reused until shortly before it expires. `token-exchange`: an RFC 8693 exchange at a token service per caller, whose subject token is the caller's own bearer token (`subjectToken: user-token`, for callers that brought one) or an assertion the gateway signs for the caller (`gateway-assertion`: `iss` the gateway, `aud` the token URL, `sub` the user); the answer is reused per subject token until shortly before it expires. `user-oauth`: the upstream is itself an OAuth-protected MCP server and each user connects their own account once: the gateway finds the upstream's authorization server (its protected resource metadata, or `authorizationServer`), registers itself there when no `clientId` is given, and answers a user without a token with a consent link (JSON-RPC error -32042, a URL elicitation); tokens are sealed at rest, refreshed, listed at `/v1/servers/{id}/tokens` and revocable there. All fail closed: without a token the request is refused and never forwarded. */
        UpstreamCredentials: {
            /** @description The `audience` parameter (RFC 8693), when the token service wants one. */
            audience?: string;
            /**
             * @default client_secret_basic
             * @enum {string}
             */
            authMethod: "client_secret_basic" | "client_secret_post";
            /**
             * Format: uri
             * @description For user-oauth, the issuer of the upstream's authorization server, when its protected resource metadata does not name it. Required with a `clientSecret` (the secret goes to this issuer only, never to one the upstream names).
             */
            authorizationServer?: string;
            /** @description The gateway's client id at the token endpoint (required for client-credentials; for user-oauth, registered dynamically when absent, each registered client with a redirect URI of its own; a configured one is registered with the redirect URI `<gateway>/oauth/upstream/callback`). */
            clientId?: string;
            /** @description The gateway's client secret there. Never returned. */
            clientSecret?: string;
            /** @description The header the token is sent in (`Authorization` by default, as `Bearer <token>`; any other header carries the token alone). */
            header?: components["schemas"]["HeaderName"];
            /** @enum {string} */
            kind: "client-credentials" | "token-exchange" | "user-oauth";
            /** @description The `resource` parameter (RFC 8707), when the token endpoint wants one. */
            resource?: string;
            scopes?: components["schemas"]["Scope"][];
            /** @description For user-oauth, the scopes beyond `scopes` the upstream may have a user asked for (step-up authorization): when it refuses a user's token with 403 `insufficient_scope` naming only scopes of `scopes` and this list, the user gets a new consent link (-32042) for them, besides those already granted. A refusal naming any other scope is passed on as a refusal. None by default. */
            stepUpScopes?: components["schemas"]["Scope"][];
            /**
             * @description For token-exchange, what the caller is represented by. With `user-token` the token service sees every caller's own token (valid wherever its audience is accepted), so only an admin sets it or changes its `tokenUrl` (403 `forbidden`).
             * @default gateway-assertion
             * @enum {string}
             */
            subjectToken: "user-token" | "gateway-assertion";
            /**
             * Format: uri
             * @description The token endpoint (client-credentials, token-exchange), reached through the gateway's outbound address guard.
             */
            tokenUrl?: string;
        };
        UpstreamTokenList: {
            items: {
                /** Format: date-time */
                connectedAt: string;
                /**
                 * Format: date-time
                 * @description When the access token expires (it is refreshed when it can be).
                 */
                expiresAt?: string;
                /** @description How the user signed in when connecting (`api-key`, `jwt`, `oauth`, `webhook`). A token is used only for the same user signing in the same way (and through the same `provider`). */
                method: string;
                /** @description The identity provider the user signed in through, when there was one. */
                provider?: string;
                refreshable: boolean;
                scopes?: string[];
                user: string;
                workspace: string;
            }[];
            /** @description Where the next page starts; absent on the last page. */
            nextCursor?: string;
        };
        UsageReport: {
            buckets: {
                calls: number;
                /** @description JSON-RPC errors, tool results with `isError`, and requests the gateway refused. */
                errors: number;
                /** @description Calls per latency bucket; `le` is its upper bound in ms (`null`, above the last). */
                histogram?: {
                    count?: number;
                    le?: number | null;
                }[];
                latencyMs: {
                    p50?: number | null;
                    p95?: number | null;
                    p99?: number | null;
                };
                /** Format: date-time */
                start: string;
                uniqueUsers: number;
            }[];
        };
        /** @description A user id as the principal carries it (an api key's `user`, a token's user claim). */
        UserId: string;
        UserList: {
            items: components["schemas"]["SeenUser"][];
            nextCursor?: string;
        };
        /** @description Increases on every change; the `ETag`. */
        Version: number;
        /** @description One member of a virtual server. */
        VirtualMember: {
            /** @description Put before each of the member's tool and prompt names (for example `github_`). */
            prefix?: string;
            /** @description Explicit new names of some of the member's tools and prompts (by their own name); the prefix is not added to them. */
            rename?: {
                [key: string]: string;
            };
            /** @description The member server (by name, of the virtual server's workspace). */
            server: components["schemas"]["Name"];
        };
        /** @description An HTTP endpoint of yours the gateway asks to decide. Every call is a JSON POST signed with HMAC-SHA256 over `<timestamp>.<body>` (headers `X-MCP-Gateway-Timestamp`, Unix seconds, and `X-MCP-Gateway-Signature: v1=<hex>`); answers are bounded by `timeoutMs`. Used as the authentication webhook (`authnWebhook`) and the authorization webhook (`authzWebhook`) of a workspace or server. An authorization webhook is asked about each call the access policies allow (with `argumentsDigest`, and `argumentsInexact: true` when the arguments hold an integer past 2^53, which JSON parsers may round: such an answer is not cached; a resource as `resource`, its URI read as the policies read it, `resourceReadings` where servers may read it two ways, and `rawUri`) and about each item of a list answer they let through (`"list": true`, the method that would use the item, a template as `resourceTemplate`), and answers `{"allow": boolean, "reason"?: string}`. */
        Webhook: {
            /**
             * @description How long an answer is reused for the same credential and headers.
             * @default 60
             */
            cacheSeconds: number;
            createdAt?: components["schemas"]["CreatedAt"];
            description?: string;
            /**
             * @description What a failed call (timeout, error, malformed answer) decides: `closed` refuses; `open`, as an authentication webhook, uses its last answer for the same credential when one from the last hour is known (and refuses otherwise), as an authorization webhook allows, and as a scanner allows unscanned. A refusal is no failure: an answer with `"allow": false` (a scanner's `"action": "block"`) refuses whatever its HTTP status, and so do HTTP 401 and 403 (a receiver refusing the gateway's signature after its secret was rotated on one side). Nor is a webhook this gateway never calls (an address its URL names itself — an IP, `localhost` — that its outbound address guard refuses, such as a private one where private upstreams are not allowed): it refuses (blocks, as a scanner) in both modes.
             * @default closed
             * @enum {string}
             */
            failMode: "closed" | "open";
            /** @description Request headers passed to the webhook besides the credential (for example a session cookie). */
            headers?: components["schemas"]["HeaderName"][];
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            /** @description Unique name; workspaces and servers refer to the webhook by it. */
            name: components["schemas"]["Name"];
            /** @description The HMAC key calls are signed with: `X-MCP-Gateway-Signature: v1=<hex HMAC-SHA256 of "<X-MCP-Gateway-Timestamp>.<body>">`. Receivers compare in constant time and refuse a timestamp more than five minutes from their clock (a replayed call). A new secret reaches every gateway instance within its configuration cache time: a receiver accepts both the old and the new one for a minute while it is rotated. Never returned. */
            secret: string;
            /**
             * @description As an authorization webhook: send a call's arguments themselves, not only their SHA-256 digest.
             * @default false
             */
            sendArguments: boolean;
            /**
             * @description Time the webhook has to answer.
             * @default 3000
             */
            timeoutMs: number;
            updatedAt?: components["schemas"]["UpdatedAt"];
            /**
             * Format: uri
             * @description The endpoint: https, or plain http to this machine only (localhost, 127.0.0.0/8, [::1]), as a webhook is sent credentials and tool data and its answers decide. Reached through the gateway's outbound address guard.
             */
            url: string;
            version?: components["schemas"]["Version"];
            /**
             * @description The workspace (by name) whose workspace and servers may use the webhook.
             * @default default
             */
            workspace: components["schemas"]["Name"];
        };
        WebhookList: {
            items: components["schemas"]["Webhook"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        WebhookPatch: {
            cacheSeconds?: number;
            description?: string | null;
            /** @enum {string} */
            failMode?: "closed" | "open";
            headers?: components["schemas"]["HeaderName"][] | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
            secret?: string;
            sendArguments?: boolean;
            timeoutMs?: number;
            /** Format: uri */
            url?: string;
        };
        /** @description An isolation boundary for servers, keys and policies. A `default` workspace always exists. */
        Workspace: {
            authentication?: components["schemas"]["Authentication"];
            /** @description A webhook (by name, of this workspace) asked to authenticate requests to the workspace's servers whose credential no other method recognises. */
            authnWebhook?: components["schemas"]["Name"];
            /** @description A webhook (by name, of this workspace) asked to authorize each request the access policies allow. */
            authzWebhook?: components["schemas"]["Name"];
            createdAt?: components["schemas"]["CreatedAt"];
            /**
             * @description What principals of the workspace may do on servers no allow policy names.
             * @default allow
             * @enum {string}
             */
            defaultAccess: "allow" | "deny";
            description?: string;
            id?: components["schemas"]["Id"];
            labels?: components["schemas"]["Labels"];
            /** @description Unique name; servers and keys refer to the workspace by it. */
            name: components["schemas"]["Name"];
            updatedAt?: components["schemas"]["UpdatedAt"];
            version?: components["schemas"]["Version"];
        };
        WorkspaceList: {
            items: components["schemas"]["Workspace"][];
            nextCursor?: string;
        };
        /** @description A JSON merge patch (RFC 7396); `null` removes a field. Read-only fields are ignored; an immutable field may be sent only with its current value. */
        WorkspacePatch: {
            /** @description Accepted credentials to set; a field set to `null` returns to its default, `null` removes the block. */
            authentication?: {
                identityProviders?: components["schemas"]["Name"][] | null;
                methods?: ("api-key" | "jwt" | "webhook" | "oauth")[] | null;
            } | null;
            authnWebhook?: string | null;
            authzWebhook?: string | null;
            /** @enum {string} */
            defaultAccess?: "allow" | "deny";
            description?: string | null;
            /** @description Labels to set; a label set to `null` is removed, `null` removes all labels. */
            labels?: {
                [key: string]: string | null;
            } | null;
        };
    };
    responses: {
        /** @description The access policy. */
        AccessPolicy: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AccessPolicy"];
            };
        };
        /** @description The API key. */
        ApiKey: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiKey"];
            };
        };
        /** @description The budget. */
        Budget: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Budget"];
            };
        };
        /** @description The guardrail. */
        Guardrail: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Guardrail"];
            };
        };
        /** @description The identity provider. */
        IdentityProvider: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["IdentityProvider"];
            };
        };
        /** @description The OAuth client. */
        OAuthClient: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OAuthClient"];
            };
        };
        /** @description An RFC 9457 problem. */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The rate limit. */
        RateLimit: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RateLimit"];
            };
        };
        /** @description The registry. */
        Registry: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Registry"];
            };
        };
        /** @description The server. */
        Server: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Server"];
            };
        };
        /** @description The team. */
        Team: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Team"];
            };
        };
        /** @description The telemetry sink. */
        TelemetrySink: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["TelemetrySink"];
            };
        };
        /** @description The webhook. */
        Webhook: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Webhook"];
            };
        };
        /** @description The workspace. */
        Workspace: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Workspace"];
            };
        };
    };
    parameters: {
        /** @description The `nextCursor` of the previous page. */
        Cursor: string;
        Id: string;
        /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
        IfMatch: string;
        /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
        Limit: number;
    };
    requestBodies: never;
    headers: {
        /** @description The resource version, for `If-Match`. */
        ETag: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAccessPolicies: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessPolicyList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createAccessPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessPolicy"];
            };
        };
        responses: {
            201: components["responses"]["AccessPolicy"];
            default: components["responses"]["Problem"];
        };
    };
    getAccessPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["AccessPolicy"];
            default: components["responses"]["Problem"];
        };
    };
    updateAccessPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessPolicy"];
            };
        };
        responses: {
            200: components["responses"]["AccessPolicy"];
            default: components["responses"]["Problem"];
        };
    };
    deleteAccessPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchAccessPolicy: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessPolicyPatch"];
                "application/merge-patch+json": components["schemas"]["AccessPolicyPatch"];
            };
        };
        responses: {
            200: components["responses"]["AccessPolicy"];
            default: components["responses"]["Problem"];
        };
    };
    evaluateAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessQuestion"];
            };
        };
        responses: {
            /** @description The decision. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessDecision"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getUsage: {
        parameters: {
            query?: {
                bucket?: "hour" | "day";
                /** @description The start (inclusive): the first bucket is the UTC hour or day it falls in; when left out, a day before `to` for hourly buckets, 30 days for daily ones. */
                from?: string;
                server?: components["schemas"]["Name"];
                /** @description The end (inclusive): the last bucket is the UTC hour or day it falls in; now when left out. */
                to?: string;
                /** @description A tool name; analytics count a name over 256 bytes (UTF-8, `%` and `#` taking three) as `~other`, and a query for such a name is refused. */
                tool?: string;
                user?: string;
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The buckets, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageReport"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the key with this name. */
                name?: string;
                /** @description Only keys of this user. */
                user?: string;
                /** @description Only keys of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of API keys. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKey"];
            };
        };
        responses: {
            201: components["responses"]["ApiKey"];
            default: components["responses"]["Problem"];
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["ApiKey"];
            default: components["responses"]["Problem"];
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKey"];
            };
        };
        responses: {
            200: components["responses"]["ApiKey"];
            default: components["responses"]["Problem"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyPatch"];
                "application/merge-patch+json": components["schemas"]["ApiKeyPatch"];
            };
        };
        responses: {
            200: components["responses"]["ApiKey"];
            default: components["responses"]["Problem"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ApiKeyRotation"];
            };
        };
        responses: {
            200: components["responses"]["ApiKey"];
            default: components["responses"]["Problem"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description The user or admin who acted. */
                actor?: string;
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description The earliest time (inclusive), from 1970 to 9999. */
                from?: string;
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                resourceId?: string;
                resourceType?: string;
                /** @description Events of this server (by name). */
                server?: string;
                /** @description The latest time (inclusive), from 1970 to 9999; now when left out. */
                to?: string;
                tool?: string;
                type?: components["schemas"]["AuditEventType"];
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listBudgets: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createBudget: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Budget"];
            };
        };
        responses: {
            201: components["responses"]["Budget"];
            default: components["responses"]["Problem"];
        };
    };
    getBudget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Budget"];
            default: components["responses"]["Problem"];
        };
    };
    updateBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Budget"];
            };
        };
        responses: {
            200: components["responses"]["Budget"];
            default: components["responses"]["Problem"];
        };
    };
    deleteBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BudgetPatch"];
                "application/merge-patch+json": components["schemas"]["BudgetPatch"];
            };
        };
        responses: {
            200: components["responses"]["Budget"];
            default: components["responses"]["Problem"];
        };
    };
    getBudgetUsage: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The spend per key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetUsage"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listGuardrails: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuardrailList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createGuardrail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Guardrail"];
            };
        };
        responses: {
            201: components["responses"]["Guardrail"];
            default: components["responses"]["Problem"];
        };
    };
    getGuardrail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Guardrail"];
            default: components["responses"]["Problem"];
        };
    };
    updateGuardrail: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Guardrail"];
            };
        };
        responses: {
            200: components["responses"]["Guardrail"];
            default: components["responses"]["Problem"];
        };
    };
    deleteGuardrail: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchGuardrail: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GuardrailPatch"];
                "application/merge-patch+json": components["schemas"]["GuardrailPatch"];
            };
        };
        responses: {
            200: components["responses"]["Guardrail"];
            default: components["responses"]["Problem"];
        };
    };
    listIdentityProviders: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the identity provider with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only identity providers of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of identity providers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityProviderList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createIdentityProvider: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityProvider"];
            };
        };
        responses: {
            201: components["responses"]["IdentityProvider"];
            default: components["responses"]["Problem"];
        };
    };
    getIdentityProvider: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["IdentityProvider"];
            default: components["responses"]["Problem"];
        };
    };
    updateIdentityProvider: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityProvider"];
            };
        };
        responses: {
            200: components["responses"]["IdentityProvider"];
            default: components["responses"]["Problem"];
        };
    };
    deleteIdentityProvider: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchIdentityProvider: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentityProviderPatch"];
                "application/merge-patch+json": components["schemas"]["IdentityProviderPatch"];
            };
        };
        responses: {
            200: components["responses"]["IdentityProvider"];
            default: components["responses"]["Problem"];
        };
    };
    listOAuthClients: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthClientList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClient"];
            };
        };
        responses: {
            201: components["responses"]["OAuthClient"];
            default: components["responses"]["Problem"];
        };
    };
    getOAuthClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["OAuthClient"];
            default: components["responses"]["Problem"];
        };
    };
    updateOAuthClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClient"];
            };
        };
        responses: {
            200: components["responses"]["OAuthClient"];
            default: components["responses"]["Problem"];
        };
    };
    deleteOAuthClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchOAuthClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OAuthClientPatch"];
                "application/merge-patch+json": components["schemas"]["OAuthClientPatch"];
            };
        };
        responses: {
            200: components["responses"]["OAuthClient"];
            default: components["responses"]["Problem"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    listRateLimits: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createRateLimit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateLimit"];
            };
        };
        responses: {
            201: components["responses"]["RateLimit"];
            default: components["responses"]["Problem"];
        };
    };
    getRateLimit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["RateLimit"];
            default: components["responses"]["Problem"];
        };
    };
    updateRateLimit: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateLimit"];
            };
        };
        responses: {
            200: components["responses"]["RateLimit"];
            default: components["responses"]["Problem"];
        };
    };
    deleteRateLimit: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchRateLimit: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RateLimitPatch"];
                "application/merge-patch+json": components["schemas"]["RateLimitPatch"];
            };
        };
        responses: {
            200: components["responses"]["RateLimit"];
            default: components["responses"]["Problem"];
        };
    };
    listRegistries: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the registry with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only registries of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of registries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistryList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Registry"];
            };
        };
        responses: {
            201: components["responses"]["Registry"];
            default: components["responses"]["Problem"];
        };
    };
    getRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Registry"];
            default: components["responses"]["Problem"];
        };
    };
    updateRegistry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Registry"];
            };
        };
        responses: {
            200: components["responses"]["Registry"];
            default: components["responses"]["Problem"];
        };
    };
    deleteRegistry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchRegistry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistryPatch"];
                "application/merge-patch+json": components["schemas"]["RegistryPatch"];
            };
        };
        responses: {
            200: components["responses"]["Registry"];
            default: components["responses"]["Problem"];
        };
    };
    syncRegistry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the sync did. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrySyncReport"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    resealSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was sealed anew. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResealReport"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listServers: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the server with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only servers of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of servers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createServer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Server"];
            };
        };
        responses: {
            201: components["responses"]["Server"];
            default: components["responses"]["Problem"];
        };
    };
    getServer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Server"];
            default: components["responses"]["Problem"];
        };
    };
    updateServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Server"];
            };
        };
        responses: {
            200: components["responses"]["Server"];
            default: components["responses"]["Problem"];
        };
    };
    deleteServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchServer: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServerPatch"];
                "application/merge-patch+json": components["schemas"]["ServerPatch"];
            };
        };
        responses: {
            200: components["responses"]["Server"];
            default: components["responses"]["Problem"];
        };
    };
    getServerHealth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status (`checkedAt` absent until a first check). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerHealth"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listServerTokens: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connected users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpstreamTokenList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    revokeServerToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
                user: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    listServerTools: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tool catalog. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServerToolList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    approveServerTool: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
                /** @description The tool's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description Approves a tool kept `abridged` (its schemas not kept), whose whole definition the admin read at the server. */
                    abridged?: boolean;
                    hash?: string;
                };
            };
        };
        responses: {
            /** @description The tool, pinned to its current definition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tool"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    importServer: {
        parameters: {
            query?: {
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The server, and whether it was created or updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "created" | "updated" | "unchanged";
                        /** @description What an admin should know of an update: a needed header still missing, or an address an admin gave the server kept. A document that moves a server holding headers or credentials elsewhere is refused (400): they do not follow; give them again with the new url. */
                        reason?: string;
                        server: components["schemas"]["Server"];
                    };
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listTeams: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the one with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Team"];
            };
        };
        responses: {
            201: components["responses"]["Team"];
            default: components["responses"]["Problem"];
        };
    };
    getTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Team"];
            default: components["responses"]["Problem"];
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Team"];
            };
        };
        responses: {
            200: components["responses"]["Team"];
            default: components["responses"]["Problem"];
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamPatch"];
                "application/merge-patch+json": components["schemas"]["TeamPatch"];
            };
        };
        responses: {
            200: components["responses"]["Team"];
            default: components["responses"]["Problem"];
        };
    };
    listTelemetrySinks: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the sink with this name. */
                name?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of telemetry sinks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TelemetrySinkList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createTelemetrySink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TelemetrySink"];
            };
        };
        responses: {
            201: components["responses"]["TelemetrySink"];
            default: components["responses"]["Problem"];
        };
    };
    getTelemetrySink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["TelemetrySink"];
            default: components["responses"]["Problem"];
        };
    };
    updateTelemetrySink: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TelemetrySink"];
            };
        };
        responses: {
            200: components["responses"]["TelemetrySink"];
            default: components["responses"]["Problem"];
        };
    };
    deleteTelemetrySink: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchTelemetrySink: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TelemetrySinkPatch"];
                "application/merge-patch+json": components["schemas"]["TelemetrySinkPatch"];
            };
        };
        responses: {
            200: components["responses"]["TelemetrySink"];
            default: components["responses"]["Problem"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only those of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    signOutUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignOutRequest"];
            };
        };
        responses: {
            /** @description Signed out. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignOut"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the webhook with this name. */
                name?: components["schemas"]["Name"];
                /** @description Only webhooks of this workspace. */
                workspace?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of webhooks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook"];
            };
        };
        responses: {
            201: components["responses"]["Webhook"];
            default: components["responses"]["Problem"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Webhook"];
            default: components["responses"]["Problem"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook"];
            };
        };
        responses: {
            200: components["responses"]["Webhook"];
            default: components["responses"]["Problem"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookPatch"];
                "application/merge-patch+json": components["schemas"]["WebhookPatch"];
            };
        };
        responses: {
            200: components["responses"]["Webhook"];
            default: components["responses"]["Problem"];
        };
    };
    listWorkspaces: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description At most this many items. A page may hold fewer: about 1 MB of items ends it early (large servers), and filtered listings stop after a bounded scan. More follow while `nextCursor` is present. */
                limit?: components["parameters"]["Limit"];
                /** @description Only the workspace with this name. */
                name?: components["schemas"]["Name"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of workspaces. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceList"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Workspace"];
            };
        };
        responses: {
            201: components["responses"]["Workspace"];
            default: components["responses"]["Problem"];
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Workspace"];
            default: components["responses"]["Problem"];
        };
    };
    updateWorkspace: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Workspace"];
            };
        };
        responses: {
            200: components["responses"]["Workspace"];
            default: components["responses"]["Problem"];
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            default: components["responses"]["Problem"];
        };
    };
    patchWorkspace: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `ETag` last read; the write fails with 412 if the resource changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                id: components["parameters"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspacePatch"];
                "application/merge-patch+json": components["schemas"]["WorkspacePatch"];
            };
        };
        responses: {
            200: components["responses"]["Workspace"];
            default: components["responses"]["Problem"];
        };
    };
}
