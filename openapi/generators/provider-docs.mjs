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
    files.push({
      path: `provider/docs/resources/${resource.type}.md`,
      content: withHeader(resourcePage(resource, resourceExample, importExample), mdHeader),
    });
    files.push({
      path: `provider/docs/data-sources/${resource.type}.md`,
      content: withHeader(dataSourcePage(resource, dataExample), mdHeader),
    });
  }
  return files;
}

const SOURCE = 'mcp-gateway/mcpgateway';

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

Authenticate with the gateway's admin key. Secrets you send (such as upstream headers) are write-only: they
are sent to the gateway but never stored in the Terraform state. Secrets the gateway generates (an API key's
\`key\`) are returned once, when created, and kept in the state as sensitive values.

## Example Usage

\`\`\`terraform
${stripHeader(example)}\`\`\`

## Resources

${types}

## Schema

### Optional

- \`endpoint\` (String) Base URL of the gateway's management API. Defaults to \`MCPGATEWAY_ENDPOINT\`, else \`http://127.0.0.1:8787\`.
- \`api_key\` (String, Sensitive) Admin key for the management API. Defaults to \`MCPGATEWAY_API_KEY\`.
`;
}

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
instead of being overwritten.

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
  id = "${lookup[0] ? lookup[0].replace(/<.*>/, 'example') : '<id>'}"
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

function schemaSection(attributes, dataSource) {
  const required = attributes.filter((a) => a.required);
  const optional = attributes.filter((a) => a.optional);
  const readOnly = attributes.filter((a) => !a.required && !a.optional);
  const list = (items) =>
    items
      .map((a) => `- \`${a.name}\` (${typeLabel(a, dataSource)}) ${attributeText(a, dataSource)}`.trimEnd())
      .join('\n');
  let text = '## Schema\n\n';
  if (required.length > 0) text += `### Required\n\n${list(required)}\n\n`;
  if (optional.length > 0) text += `### Optional\n\n${list(optional)}\n\n`;
  if (readOnly.length > 0) text += `### Read-Only\n\n${list(readOnly)}\n\n`;
  return text;
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
      return `List of ${typeName(type.element)}`;
    case 'set':
      return `Set of ${typeName(type.element)}`;
    case 'map':
      return `Map of ${typeName(type.element)}`;
    case 'object':
      return 'Object';
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
      parts.push('Never stored in state; change the companion `_version` attribute to send a new value.');
    if (attribute.createOnly) parts.push('Returned only when the object is created.');
    const v = attribute.validation ?? {};
    if (v.enum) parts.push(`One of ${v.enum.map((e) => `\`${e}\``).join(', ')}.`);
    if (v.minimum !== undefined && v.maximum !== undefined)
      parts.push(`Between ${v.minimum} and ${v.maximum}.`);
  }
  return parts.filter((p) => p !== '').join(' ');
}

/** An example configuration: required attributes plus the optional ones that show the features. */
function resourceHcl(resource) {
  const lines = [];
  for (const attribute of resource.attributes) {
    if (attribute.computed && !attribute.optional) continue;
    if (attribute.triggersWriteOnly !== undefined) continue;
    const show =
      attribute.required ||
      attribute.writeOnly ||
      attribute.name === 'description' ||
      attribute.name === 'labels';
    if (!show) continue;
    lines.push([attribute.name, sample(resource, attribute)]);
  }
  const width = Math.max(...lines.map(([name]) => name.length));
  const body = lines.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join('\n');
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
  return `resource "${resource.terraformType}" "example" {\n${body}\n}\n${outputs}`;
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

function importSh(resource) {
  const lines = [`terraform import ${resource.terraformType}.example <${resource.idAttribute}>`];
  for (const alternative of resource.importId.alternatives) {
    lines.push(
      `terraform import ${resource.terraformType}.example ${alternative.replace(/<.*>/, 'example')}`,
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
      if (attribute.name === 'name') return JSON.stringify(`example-${resource.type.replaceAll('_', '-')}`);
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
