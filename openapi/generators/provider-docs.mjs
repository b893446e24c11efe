import { buildResourceModel } from './resource-model.mjs';

/**
 * Terraform provider docs in the registry layout (provider/docs/index.md, resources/*.md,
 * data-sources/*.md) and the example files they embed (provider/examples/...), all from the resource
 * model. The end-to-end tests apply the examples with the real terraform, so the docs show what runs.
 */
export async function providerDocs(spec) {
  const model = buildResourceModel(spec);
  const files = [];
  const mdHeader =
    '<!-- DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs; run `npm run generate`. -->\n';
  const hclHeader =
    '# DO NOT EDIT. Generated from openapi/openapi.yaml by openapi/generators/provider-docs.mjs.\n';

  const providerExample = `${hclHeader}terraform {
  required_providers {
    mcpgateway = {
      source = "${SOURCE}"
    }
  }
}

# endpoint and api_key may also come from MCPGATEWAY_ENDPOINT and MCPGATEWAY_API_KEY.
provider "mcpgateway" {
  endpoint = "http://127.0.0.1:8787"
}
`;
  files.push({ path: 'provider/examples/provider/provider.tf', content: providerExample });
  files.push({
    path: 'provider/docs/index.md',
    content: withHeader(indexPage(model, providerExample), mdHeader),
  });

  for (const resource of model.resources) {
    const resourceExample = hclHeader + resourceHcl(resource);
    const importExample = importSh(resource);
    const dataExample = hclHeader + dataSourceHcl(resource);
    files.push({
      path: `provider/examples/resources/${resource.terraformType}/resource.tf`,
      content: resourceExample,
    });
    files.push({
      path: `provider/examples/resources/${resource.terraformType}/import.sh`,
      content: importExample,
    });
    files.push({
      path: `provider/examples/data-sources/${resource.terraformType}/data-source.tf`,
      content: dataExample,
    });
    const inTerraform = terraformNaming(resource.attributes);
    files.push({
      path: `provider/docs/resources/${resource.type}.md`,
      content: withHeader(inTerraform(resourcePage(resource, resourceExample, importExample)), mdHeader),
    });
    files.push({
      path: `provider/docs/data-sources/${resource.type}.md`,
      content: withHeader(inTerraform(dataSourcePage(resource, dataExample)), mdHeader),
    });
  }
  for (const view of model.views ?? []) {
    const example = hclHeader + viewHcl(model, view);
    files.push({
      path: `provider/examples/data-sources/${view.terraformType}/data-source.tf`,
      content: example,
    });
    files.push({
      path: `provider/docs/data-sources/${view.type}.md`,
      content: withHeader(viewPage(view, example), mdHeader),
    });
  }
  return files;
}

const SOURCE = 'mcp-gateway/mcpgateway';

/**
 * Rewrites a page's code spans that name an attribute by its API name (`trustAnnotations`, or
 * `trustAnnotations: true`) into the name (and syntax) a Terraform configuration uses
 * (`trust_annotations`, `trust_annotations = true`): the descriptions come from the API's spec.
 */
function terraformNaming(attributes) {
  const names = new Map();
  const collect = (list) => {
    for (const attribute of list) {
      if (attribute.apiName !== null && attribute.apiName !== attribute.name)
        names.set(attribute.apiName, attribute.name);
      const inner = nestedAttributes(attribute.type);
      if (inner !== undefined) collect(inner);
    }
  };
  collect(attributes);
  return (page) =>
    page.replace(/`([A-Za-z][A-Za-z0-9]*)(: [^`]+)?`/g, (span, name, value) => {
      const renamed = names.get(name);
      if (renamed === undefined) return span;
      if (value === undefined) return `\`${renamed}\``;
      const given = value.slice(2);
      // HCL quotes a string; a boolean, a number or a quoted value stays as it is
      const literal = /^(true|false|-?\d+(\.\d+)?|".*")$/.test(given) ? given : JSON.stringify(given);
      return `\`${renamed} = ${literal}\``;
    });
}

function indexPage(model, example) {
  const types = model.resources.map((r) => `- [\`${r.terraformType}\`](resources/${r.type}.md)`).join('\n');
  return `---
page_title: "Provider: MCP Gateway"
description: |-
  Configure the MCP gateway (servers, API keys, workspaces, ...) through its management API.
---

# MCP Gateway Provider

Declares the gateway's configuration — every resource of its management API (version ${model.apiVersion}) — as
Terraform resources. The provider is generated from the gateway's OpenAPI spec: each API resource is a
resource and a data source of the same name.

Authenticate with the gateway's admin key, or with an access token of an identity provider that grants
roles at the management API (\`roles\` on \`mcpgateway_identity_provider\`; a workspace admin's token
manages only its workspace). Secrets are write-only attributes (Terraform 1.11 and later): they
are sent to the gateway but never stored in the Terraform plan or state. Give them from ephemeral input
variables or ephemeral resources. An API key's secret is yours too: \`mcpgateway_api_key\` requires its
\`secret\`, so no secret generated by the gateway has to pass through the state.

A request the API answers 429, 502, 503 or 504 is tried again up to six times, waiting longer each time
(with jitter, up to 8 seconds) or as long as its \`Retry-After\` says (up to 30 seconds each): a gateway whose API stage
throttles requests holds a plan or an apply back rather than failing it. A create or a conditional write
that may have been applied (502–504, a lost connection) is never sent twice.

## Example Usage

\`\`\`terraform
${stripHeader(example)}\`\`\`

## Resources

${types}

## Data Sources

Every resource has a data source of the same name, reading one object. Read-only views of the API:

${(model.views ?? []).map((v) => `- [\`${v.terraformType}\`](data-sources/${v.type}.md)`).join('\n')}

## Schema

### Optional

- \`endpoint\` (String) Base URL of the gateway (its management API is \`<endpoint>/v1\`, e.g. a deployment's \`stage_url\` output). Defaults to \`MCPGATEWAY_ENDPOINT\`, else \`http://127.0.0.1:8787\`.
- \`api_key\` (String, Sensitive) Admin key, or an identity provider's access token, for the management API. Defaults to \`MCPGATEWAY_API_KEY\`.
`;
}

/** What a resource's users must know beyond its schema, by Terraform type. */
const RESOURCE_NOTES = {
  mcpgateway_workspace: `
### The workspace's own webhooks and identity providers

\`authn_webhook\`, \`authz_webhook\` and \`authentication.identity_providers\` name objects that must already
exist in this workspace, and the gateway refuses to delete an object a workspace still names (a workspace
must never lose its checks by accident). A webhook or identity provider of the workspace itself therefore
cannot be named in the apply that creates the workspace (Terraform would see a cycle): apply the
workspace with its webhooks and providers first, then add the names and apply again. Before a
\`terraform destroy\`, remove the names and apply. Servers have the same attributes without the cycle:
naming the workspace's webhook or provider on each \`mcpgateway_server\` needs one apply.
`,
};

function resourcePage(resource, example, importExample) {
  const idAttr = resource.idAttribute;
  const lookup = resource.importId.alternatives;
  return `---
page_title: "${resource.terraformType} Resource - mcpgateway"
subcategory: ""
description: |-
  ${resource.description}
---

# ${resource.terraformType} (Resource)

${resource.description}

Managed through \`${resource.path}\` (operations ${Object.values(resource.operations)
    .map((o) => `\`${o.operationId}\``)
    .join(', ')}). Updates send the last read \`ETag\` as \`If-Match\`, so a concurrent change fails the apply
instead of being overwritten (what the gateway itself keeps up to date, such as a last sync, is no
conflict).
${
  resource.attributes.some((a) => a.name === 'name' && a.immutable)
    ? `
Renaming replaces the object, and by default Terraform destroys the old one first. Where other objects
refer to it by name (the gateway refuses to delete an object still referred to), let the new one come
first:

\`\`\`terraform
  lifecycle {
    create_before_destroy = true
  }
\`\`\`

Only for a rename: names are unique, so a replacement that keeps the name (another immutable attribute
changed) cannot be made while the old object exists, and fails with 409 under \`create_before_destroy\`.
Remove the setting for such a change (or rename at the same time).
`
    : ''
}${RESOURCE_NOTES[resource.terraformType] ?? ''}
## Example Usage

\`\`\`terraform
${stripHeader(example)}\`\`\`

${schemaSection(resource.attributes, false)}
## Import

Import an existing object by its \`${idAttr}\`${lookup.length > 0 ? ` or by ${lookup.map((l) => `\`${l}\``).join(' / ')}` : ''}:

\`\`\`shell
${importExample}\`\`\`

Or with an \`import\` block (Terraform 1.5 and later):

\`\`\`terraform
import {
  to = ${resource.terraformType}.example
  id = "${lookup[0] ? lookup[0].replace(/<.*>/, exampleName(resource)) : '<id>'}"
}
\`\`\`
`;
}

function dataSourcePage(resource, example) {
  const selectors = [resource.idAttribute, ...resource.lookup.map((l) => l.attribute)];
  const attributes = resource.attributes
    .filter((a) => !a.writeOnly && !a.createOnly && a.triggersWriteOnly === undefined)
    .map((a) => ({
      ...a,
      type: readable(a.type),
      required: false,
      optional: selectors.includes(a.name),
      computed: true,
    }));
  return `---
page_title: "${resource.terraformType} Data Source - mcpgateway"
subcategory: ""
description: |-
  Reads one ${resource.type.replaceAll('_', ' ')} by ${selectors.join(' or ')}.
---

# ${resource.terraformType} (Data Source)

Reads one ${resource.type.replaceAll('_', ' ')} by ${selectors.map((s) => `\`${s}\``).join(' or ')} (set exactly one). ${resource.description}

## Example Usage

\`\`\`terraform
${stripHeader(example)}\`\`\`

${schemaSection(attributes, true)}`;
}

/** A type as a data source reads it: nested write-only values and their versions are never read back. */
function readable(type) {
  if (type.kind === 'object')
    return {
      kind: 'object',
      attributes: type.attributes
        .filter((a) => !a.writeOnly && a.triggersWriteOnly === undefined)
        .map((a) => ({ ...a, type: readable(a.type) })),
    };
  if (['list', 'set', 'map'].includes(type.kind)) return { ...type, element: readable(type.element) };
  return type;
}

function schemaSection(attributes, dataSource) {
  const nested = [];
  let text = `## Schema\n\n${attributeGroups(attributes, dataSource, '', '###', nested)}`;
  // Nested attributes get a section each (as the registry's docs show them), after the top level.
  while (nested.length > 0) {
    const { anchor, path, attributes: inner } = nested.shift();
    text += `<a id="${anchor}"></a>\n### Nested Schema for \`${path}\`\n\n${attributeGroups(inner, dataSource, path, '', nested)}`;
  }
  return text;
}

/**
 * Required, optional and read-only attributes as lists; `heading` prefixes the group titles (top level) or
 * is empty (a nested schema's groups are plain `Optional:` lines). Object-typed attributes are queued on
 * `nested` and linked to their section.
 */
function attributeGroups(attributes, dataSource, parent, heading, nested) {
  // A data source reads everything below its top-level attributes.
  const readOnlyAll = dataSource && parent !== '';
  const required = readOnlyAll ? [] : attributes.filter((a) => a.required);
  const optional = readOnlyAll ? [] : attributes.filter((a) => a.optional);
  const readOnly = readOnlyAll ? attributes : attributes.filter((a) => !a.required && !a.optional);
  const list = (items) =>
    items
      .map((a) => {
        const path = parent === '' ? a.name : `${parent}.${a.name}`;
        const inner = nestedAttributes(a.type);
        let link = '';
        if (inner !== undefined) {
          const anchor = `nestedatt--${path.replaceAll('.', '--')}`;
          nested.push({ anchor, path, attributes: inner });
          link = `(see [below for nested schema](#${anchor}))`;
        }
        return [`- \`${a.name}\` (${typeLabel(a, dataSource)})`, attributeText(a, dataSource), link]
          .filter((part) => part !== '')
          .join(' ');
      })
      .join('\n');
  const title = (name) => (heading === '' ? `${name}:` : `${heading} ${name}`);
  let text = '';
  if (required.length > 0) text += `${title('Required')}\n\n${list(required)}\n\n`;
  if (optional.length > 0) text += `${title('Optional')}\n\n${list(optional)}\n\n`;
  if (readOnly.length > 0) text += `${title('Read-Only')}\n\n${list(readOnly)}\n\n`;
  return text;
}

/** The attributes of an object type, or of the objects of a list, set or map. */
function nestedAttributes(type) {
  if (type.kind === 'object') return type.attributes;
  if (['list', 'set', 'map'].includes(type.kind) && type.element.kind === 'object')
    return type.element.attributes;
  return undefined;
}

function typeLabel(attribute, dataSource) {
  const base = typeName(attribute.type);
  const flags = [];
  if (attribute.sensitive) flags.push('Sensitive');
  if (attribute.writeOnly && !dataSource) flags.push('Write-only');
  return [base, ...flags].join(', ');
}

function typeName(type) {
  switch (type.kind) {
    case 'string':
      return 'String';
    case 'number':
      return 'Number';
    case 'bool':
      return 'Boolean';
    case 'json':
      return 'String (JSON)';
    case 'list':
      return type.element.kind === 'object' ? 'Attributes List' : `List of ${typeName(type.element)}`;
    case 'set':
      return type.element.kind === 'object' ? 'Attributes Set' : `Set of ${typeName(type.element)}`;
    case 'map':
      return type.element.kind === 'object' ? 'Attributes Map' : `Map of ${typeName(type.element)}`;
    case 'object':
      return 'Attributes';
    default:
      return 'String';
  }
}

function attributeText(attribute, dataSource) {
  const parts = [attribute.description];
  if (!dataSource) {
    if (attribute.default !== undefined) parts.push(`Defaults to \`${JSON.stringify(attribute.default)}\`.`);
    if (attribute.immutable) parts.push('Changing it replaces the resource.');
    if (attribute.writeOnly)
      parts.push(
        attribute.immutable
          ? `Never stored in plan or state; to use a new value, change \`${attribute.name}_version\` as well (this replaces the resource).`
          : `Never stored in plan or state; to send a new value, change \`${attribute.name}_version\` as well (other changes leave the value the gateway holds; a changed version of another write-only value of the resource sends them all again, so keep this one in the configuration).${
              attribute.destinations === undefined
                ? ''
                : ` A change of where it is sent (${attribute.destinations.map((d) => `\`${d}\``).join(', ')}) needs a new \`${attribute.name}_version\` too: the gateway never takes a stored value to a new destination.`
            }`,
      );
    if (attribute.createOnly) parts.push('Returned only when the object is created.');
    const v = attribute.validation ?? {};
    if (v.enum) parts.push(`One of ${v.enum.map((e) => `\`${e}\``).join(', ')}.`);
    // a list's items, a map's values
    if (v.element?.enum) parts.push(`Each one of ${v.element.enum.map((e) => `\`${e}\``).join(', ')}.`);
    const lower =
      v.exclusiveMinimum !== undefined
        ? `more than ${v.exclusiveMinimum}`
        : v.minimum !== undefined
          ? `at least ${v.minimum}`
          : undefined;
    const upper =
      v.exclusiveMaximum !== undefined
        ? `less than ${v.exclusiveMaximum}`
        : v.maximum !== undefined
          ? `at most ${v.maximum}`
          : undefined;
    if (v.minimum !== undefined && v.maximum !== undefined)
      parts.push(`Between ${v.minimum} and ${v.maximum}.`);
    else if (lower !== undefined && upper !== undefined)
      parts.push(`${lower[0].toUpperCase()}${lower.slice(1)}, ${upper}.`);
  }
  return parts.filter((p) => p !== '').join(' ');
}

/** The ephemeral input variable an example takes a write-only string from, e.g. `api_key_secret`. */
function secretVariable(resource, attribute) {
  return `${resource.type}_${attribute.name}`;
}

/**
 * Optional attributes an example sets besides those every example shows: what the API requires beyond the
 * schema (a guardrail scans for something), so that every example applies as it stands.
 */
const EXAMPLE_EXTRAS = {
  guardrail: [
    ['detectors', '["email", "aws-access-key"]'],
    ['action', '"redact"'],
  ],
};

/** An example configuration: required attributes plus the optional ones that show the features. */
function resourceHcl(resource) {
  const lines = [];
  const variables = [];
  for (const attribute of resource.attributes) {
    if (attribute.computed && !attribute.optional) continue;
    if (attribute.triggersWriteOnly !== undefined) continue;
    const show =
      attribute.required ||
      attribute.writeOnly ||
      attribute.name === 'description' ||
      attribute.name === 'labels' ||
      // a server's upstream is optional only for the transports that have none (lambda, virtual)
      (resource.type === 'server' && attribute.name === 'url');
    if (!show) continue;
    if (attribute.writeOnly && attribute.type.kind === 'string') {
      // A secret string comes from an ephemeral variable (TF_VAR_...), so it is in no file, plan or state.
      const name = secretVariable(resource, attribute);
      const v = attribute.validation ?? {};
      const bounds =
        v.minLength !== undefined
          ? ` (${v.minLength}${v.maxLength !== undefined ? `–${v.maxLength}` : ' or more'} characters)`
          : '';
      variables.push(`# Set it with TF_VAR_${name}${bounds}; ephemeral, so it is kept in no plan or state.
variable "${name}" {
  type      = string
  sensitive = true
  ephemeral = true
}
`);
      lines.push([attribute.name, `var.${name}`]);
      continue;
    }
    lines.push([attribute.name, sample(resource, attribute)]);
  }
  for (const [name, value] of EXAMPLE_EXTRAS[resource.type] ?? []) {
    if (!resource.attributes.some((a) => a.name === name && a.optional))
      throw new Error(`example of ${resource.terraformType}: no optional attribute ${name}`);
    lines.splice(lines.length - 1, 0, [name, value]); // before the labels, which come last
  }
  const width = Math.max(...lines.map(([name]) => name.length));
  const body = lines.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join('\n');
  const prelude = variables.map((v) => `${v}\n`).join('');
  const outputs = resource.attributes.some((a) => a.createOnly)
    ? resource.attributes
        .filter((a) => a.createOnly)
        .map(
          (a) => `
# Returned once, when the object is created.
output "${resource.type}_${a.name}" {
  value     = ${resource.terraformType}.example.${a.name}
  sensitive = true
}
`,
        )
        .join('')
    : '';
  return `${prelude}resource "${resource.terraformType}" "example" {\n${body}\n}\n${outputs}`;
}

/** A view's example: each `<type>_id` input refers to the resource of that type. */
function viewHcl(model, view) {
  const inputs = view.inputs
    .map((input) => {
      const type = input.name.replace(/_id$/, '');
      const resource = model.resources.find((r) => r.type === type);
      return resource
        ? `  ${input.name} = ${resource.terraformType}.example.${resource.idAttribute}`
        : `  ${input.name} = "example"`;
    })
    .join('\n');
  const first = view.attributes[0];
  return `data "${view.terraformType}" "example" {
${inputs}
}
${first ? `\noutput "${view.type}" {\n  value = data.${view.terraformType}.example.${first.name}\n}\n` : ''}`;
}

function viewPage(view, example) {
  return `---
page_title: "${view.terraformType} Data Source - mcpgateway"
subcategory: ""
description: |-
  ${view.description}
---

# ${view.terraformType} (Data Source)

${view.description}

## Example Usage

\`\`\`terraform
${stripHeader(example)}\`\`\`

${schemaSection([...view.inputs, ...view.attributes], true)}`;
}

function dataSourceHcl(resource) {
  const lookup = resource.lookup[0];
  const selector = lookup
    ? `  ${lookup.attribute} = ${resource.terraformType}.example.${lookup.attribute}`
    : `  ${resource.idAttribute} = ${resource.terraformType}.example.${resource.idAttribute}`;
  return `data "${resource.terraformType}" "example" {
${selector}
}

output "${resource.type}_id" {
  value = data.${resource.terraformType}.example.${resource.idAttribute}
}
`;
}

/** The name the examples give an object of `resource` (the import examples find it by that name). */
const exampleName = (resource) => `example-${resource.type.replaceAll('_', '-')}`;

function importSh(resource) {
  const lines = [`terraform import ${resource.terraformType}.example <${resource.idAttribute}>`];
  for (const alternative of resource.importId.alternatives) {
    lines.push(
      `terraform import ${resource.terraformType}.example ${alternative.replace(/<.*>/, exampleName(resource))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function sample(resource, attribute) {
  const v = attribute.validation ?? {};
  switch (attribute.type.kind) {
    case 'string': {
      if (v.enum) return JSON.stringify(v.enum[0]);
      if (v.format === 'uri') return '"http://127.0.0.1:3001/mcp"';
      if (v.format === 'date-time') return '"2030-01-01T00:00:00Z"';
      if (attribute.name === 'name') return JSON.stringify(exampleName(resource));
      if (attribute.name === 'user') return '"alice"';
      if (attribute.name === 'description') return JSON.stringify(`Managed by Terraform`);
      return '"example"';
    }
    case 'number':
      return String(attribute.default ?? v.minimum ?? 1);
    case 'bool':
      return String(attribute.default ?? true);
    case 'map':
      if (attribute.writeOnly) return '{ Authorization = "Bearer upstream-token" }';
      return '{ team = "platform" }';
    case 'list':
    case 'set':
      return '[]';
    default:
      return 'null';
  }
}

/** The DO-NOT-EDIT note goes right after the front matter, which must open the page. */
function withHeader(page, note) {
  const end = page.indexOf('\n---\n', 4);
  return `${page.slice(0, end + 5)}\n${note}${page.slice(end + 5)}`;
}

function stripHeader(text) {
  return text.replace(/^# DO NOT EDIT[^\n]*\n/, '');
}
