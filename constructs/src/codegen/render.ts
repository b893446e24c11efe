/**
 * Renders the typed config-as-code bindings from the resource model: CDKTF classes for our Terraform
 * provider and its resources, and Pulumi dynamic resources. The output is committed under
 * `*\/generated/` and checked for drift by `config/config.test.ts` (and `npm run generate:constructs -- --check`).
 */
import type { AttributeModel, ProviderModel, ResourceModel, ValueType, ViewModel } from '../config/model.js';
import { camelCase, isInput, pascalCase } from '../config/model.js';

export interface ProviderInfo {
  /** Data source attributes per resource type, as the provider serves them. */
  dataSourceAttributes: (resource: ResourceModel) => AttributeModel[];
  /** e.g. `mcp-gateway/mcpgateway` */
  source: string;
  version: string;
  configAttributes: readonly AttributeModel[];
}

const header = (what: string): string =>
  `// DO NOT EDIT. ${what} generated from the resource model (provider/src/generated/resource-model.ts) by\n` +
  '// constructs/src/codegen/main.ts; run `npm run generate:constructs`.\n';

const doc = (text: string, indent: string): string => {
  const clean = text.replaceAll('*/', '*\\/').trim();
  if (clean === '') return '';
  const lines = clean.split('\n');
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
};

const quote = (text: string): string => JSON.stringify(text);

/** Members of TerraformResource that an attribute getter must not shadow. */
const cdktfReserved = new Set([
  'provider',
  'count',
  'lifecycle',
  'dependsOn',
  'forEach',
  'node',
  'fqn',
  'friendlyUniqueId',
  'terraformResourceType',
  'terraformMetaArguments',
  'terraformGeneratorMetadata',
  'connection',
  'provisioners',
  'rawOverrides',
  'cdktfStack',
  'stack',
  'toString',
]);

function cdktfInputType(type: ValueType): string {
  switch (type.kind) {
    case 'string':
    case 'json':
      return 'string';
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean | IResolvable';
    case 'list':
    case 'set':
      return `(${cdktfInputType(type.element)})[] | IResolvable`;
    case 'map':
      return `{ [key: string]: ${cdktfInputType(type.element)} } | IResolvable`;
    case 'object':
      return `{ ${type.attributes
        .filter(isInput)
        .map((a) => `readonly ${camelCase(a.name)}${a.required ? '' : '?'}: ${cdktfInputType(a.type)}`)
        .join('; ')} } | IResolvable`;
  }
}

function cdktfGetter(attribute: AttributeModel): { type: string; body: string } {
  const name = quote(attribute.name);
  const { type } = attribute;
  switch (type.kind) {
    case 'string':
    case 'json':
      return { type: 'string', body: `this.getStringAttribute(${name})` };
    case 'number':
      return { type: 'number', body: `this.getNumberAttribute(${name})` };
    case 'bool':
      return { type: 'IResolvable', body: `this.getBooleanAttribute(${name})` };
    case 'map':
      if (type.element.kind === 'string') {
        return { type: '{ [key: string]: string }', body: `this.getStringMapAttribute(${name})` };
      }
      if (type.element.kind === 'number') {
        return { type: '{ [key: string]: number }', body: `this.getNumberMapAttribute(${name})` };
      }
      return { type: 'IResolvable', body: `this.interpolationForAttribute(${name})` };
    case 'list':
    case 'set':
      if (type.element.kind === 'string') return { type: 'string[]', body: `this.getListAttribute(${name})` };
      if (type.element.kind === 'number')
        return { type: 'number[]', body: `this.getNumberListAttribute(${name})` };
      return { type: 'IResolvable', body: `this.interpolationForAttribute(${name})` };
    case 'object':
      return { type: 'IResolvable', body: `this.interpolationForAttribute(${name})` };
  }
}

const cdktfClassName = (resource: ResourceModel): string => pascalCase(resource.terraformType);

function renderCdktfResource(resource: ResourceModel, providerName: string, info: ProviderInfo): string {
  const className = cdktfClassName(resource);
  const inputs = resource.attributes.filter(isInput);
  const configFields = inputs
    .map(
      (a) =>
        `${doc(describe(a), '  ')}  readonly ${camelCase(a.name)}${a.required ? '' : '?'}: ${cdktfInputType(a.type)};`,
    )
    .join('\n');
  const getters = resource.attributes
    .map((a) => {
      const getter = cdktfGetter(a);
      const base = camelCase(a.name);
      const name = cdktfReserved.has(base) ? `${base}Attribute` : base;
      return `${doc(describe(a), '  ')}  get ${name}(): ${getter.type} {\n    return ${getter.body};\n  }`;
    })
    .join('\n\n');
  return `${doc(`${resource.description}\n\nTerraform resource \`${resource.terraformType}\`; import with the ${resource.importId.attribute}${resource.importId.alternatives.length > 0 ? ` or ${resource.importId.alternatives.map((a) => `\`${a}\``).join(', ')}` : ''}.`, '')}export interface ${className}Config extends TerraformMetaArguments {
${configFields}
}

${doc(resource.description, '')}export class ${className} extends TerraformResource {
  static readonly tfResourceType = ${quote(resource.terraformType)};
  readonly #config: ${className}Config;

  constructor(scope: Construct, id: string, config: ${className}Config) {
    super(scope, id, {
      terraformResourceType: ${quote(resource.terraformType)},
      terraformGeneratorMetadata: { providerName: ${quote(providerName)}, providerVersionConstraint: ${quote(`>= ${info.version}`)} },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.#config = config;
  }

${getters}

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformAttributes(${quote(resource.type)}, this.#config);
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}
`;
}

function describe(attribute: AttributeModel, target: 'cdktf' | 'pulumi' = 'cdktf'): string {
  const notes: string[] = [];
  if (attribute.immutable) notes.push('Changing it replaces the object.');
  if (attribute.writeOnly) {
    notes.push(
      target === 'pulumi'
        ? 'Write-only: sent to the API, never read back; always a secret, encrypted in the stack state.'
        : 'Write-only: sent to the API, never read back or stored in the Terraform state.',
    );
  }
  if (attribute.createOnly) notes.push('Returned only when the object is created.');
  if (attribute.default !== undefined) notes.push(`Default: \`${JSON.stringify(attribute.default)}\`.`);
  return [attribute.description, ...notes].filter((s) => s !== '').join(' ');
}

/** The getters of a data source's attributes (read back from Terraform's state). */
function cdktfGetters(attributes: readonly AttributeModel[]): string {
  return attributes
    .map((a) => {
      const getter = cdktfGetter(a);
      const base = camelCase(a.name);
      const name = cdktfReserved.has(base) ? `${base}Attribute` : base;
      return `${doc(a.description, '  ')}  get ${name}(): ${getter.type} {\n    return ${getter.body};\n  }`;
    })
    .join('\n\n');
}

/** A data source class: its config's fields, getters, and what it synthesizes (`synthesize`, a call). */
function cdktfDataSourceClass(parts: {
  className: string;
  terraformType: string;
  description: string;
  configFields: string;
  getters: string;
  synthesize: string;
  providerName: string;
  info: ProviderInfo;
}): string {
  const { className, terraformType, providerName, info } = parts;
  return `export interface ${className}Config extends TerraformMetaArguments {
${parts.configFields}
}

${doc(`Data source \`${terraformType}\`: ${parts.description}`, '')}export class ${className} extends TerraformDataSource {
  static readonly tfResourceType = ${quote(terraformType)};
  readonly #config: ${className}Config;

  constructor(scope: Construct, id: string, config: ${className}Config) {
    super(scope, id, {
      terraformResourceType: ${quote(terraformType)},
      terraformGeneratorMetadata: { providerName: ${quote(providerName)}, providerVersionConstraint: ${quote(`>= ${info.version}`)} },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.#config = config;
  }

${parts.getters}

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return ${parts.synthesize};
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}
`;
}

function renderCdktfDataSource(
  resource: ResourceModel,
  attributes: readonly AttributeModel[],
  providerName: string,
  info: ProviderInfo,
): string {
  const selectors = attributes.filter((a) => a.optional);
  const lookup = `Looks up one ${resource.type.replaceAll('_', ' ')} by ${selectors.map((a) => a.name).join(' or ')}.`;
  return `${doc(lookup, '')}${cdktfDataSourceClass({
    className: `Data${cdktfClassName(resource)}`,
    terraformType: resource.terraformType,
    description: resource.description,
    configFields: selectors
      .map((a) => `${doc(a.description, '  ')}  readonly ${camelCase(a.name)}?: ${cdktfInputType(a.type)};`)
      .join('\n'),
    getters: cdktfGetters(attributes),
    synthesize: `dataSourceAttributes(${quote(resource.type)}, this.#config)`,
    providerName,
    info,
  })}`;
}

/** A view (a read-only answer of the API, e.g. a server's tool catalog) as a data source of its inputs. */
function renderCdktfView(view: ViewModel, providerName: string, info: ProviderInfo): string {
  return cdktfDataSourceClass({
    className: `Data${pascalCase(view.terraformType)}`,
    terraformType: view.terraformType,
    description: view.description,
    configFields: view.inputs
      .map(
        (a) =>
          `${doc(a.description, '  ')}  readonly ${camelCase(a.name)}${a.required ? '' : '?'}: ${cdktfInputType(a.type)};`,
      )
      .join('\n'),
    getters: cdktfGetters(view.attributes),
    synthesize: `viewAttributes(${quote(view.type)}, this.#config)`,
    providerName,
    info,
  });
}

export function renderCdktfBindings(model: ProviderModel, info: ProviderInfo): string {
  const providerClass = `${pascalCase(model.name)}Provider`;
  const providerFields = info.configAttributes
    .map((a) => `${doc(a.description, '  ')}  readonly ${camelCase(a.name)}?: string;`)
    .join('\n');
  const providerAttributes = info.configAttributes
    .map((a) => `      ${a.name}: this.#config.${camelCase(a.name)},`)
    .join('\n');
  return `${header('CDKTF bindings')}import {
  type IResolvable,
  TerraformDataSource,
  type TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
} from 'cdktf';
import type { Construct } from 'constructs';
import {
  dataSourceAttributes,
  hclAttributes,
  terraformAttributes,
  viewAttributes,
} from '../../config/cdktf-runtime.js';

/** The provider's registry address. */
export const providerSource = ${quote(info.source)};

export interface ${providerClass}Config {
${providerFields}
  /** Alias, for several configurations of the provider in one stack. */
  readonly alias?: string;
}

/** The ${model.name} Terraform provider: manages the gateway's configuration through its management API. */
export class ${providerClass} extends TerraformProvider {
  static readonly tfResourceType = ${quote(model.name)};
  readonly #config: ${providerClass}Config;
  // the base class's alias accessor keeps nothing: the alias is kept here, for \`fqn\` and the block's meta
  #alias: string | undefined;

  override get alias(): string | undefined {
    return this.#alias;
  }

  override set alias(value: string | undefined) {
    this.#alias = value;
  }

  constructor(scope: Construct, id: string, config: ${providerClass}Config = {}) {
    super(scope, id, {
      terraformResourceType: ${quote(model.name)},
      terraformGeneratorMetadata: { providerName: ${quote(model.name)}, providerVersionConstraint: ${quote(`>= ${info.version}`)} },
      terraformProviderSource: ${quote(info.source)},
    });
    this.#config = config;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const attributes: { [name: string]: unknown } = {
${providerAttributes}
      alias: this.alias,
    };
    return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclAttributes(this.synthesizeAttributes());
  }
}

${model.resources.map((resource) => renderCdktfResource(resource, model.name, info)).join('\n')}
${model.resources
  .map((resource) => renderCdktfDataSource(resource, info.dataSourceAttributes(resource), model.name, info))
  .join('\n')}
${model.views.map((view) => renderCdktfView(view, model.name, info)).join('\n')}`;
}

function pulumiType(type: ValueType, input: boolean): string {
  const wrap = (inner: string): string => (input ? `pulumi.Input<${inner}>` : inner);
  switch (type.kind) {
    case 'string':
      return 'string';
    // JSON text (as Terraform takes it) or the value itself
    case 'json':
      return 'string | { [key: string]: unknown }';
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'list':
    case 'set':
      return `${wrap(pulumiType(type.element, input))}[]`;
    case 'map':
      return `{ [key: string]: ${wrap(pulumiType(type.element, input))} }`;
    case 'object':
      return `{ ${type.attributes
        .filter((a) => !input || isInput(a))
        .map((a) => `${camelCase(a.name)}${a.required ? '' : '?'}: ${wrap(pulumiType(a.type, input))}`)
        .join('; ')} }`;
  }
}

/** CustomResource members an output property must not redeclare. */
const pulumiReserved = new Set(['id', 'urn']);

/** Whether a value of `type` holds a write-only attribute somewhere inside (a block's client secret). */
const holdsWriteOnly = (type: ValueType): boolean => {
  switch (type.kind) {
    case 'object':
      return type.attributes.some((a) => a.writeOnly || holdsWriteOnly(a.type));
    case 'list':
    case 'set':
    case 'map':
      return holdsWriteOnly(type.element);
    default:
      return false;
  }
};

/** Write-only inputs, and inputs holding one: secrets the dynamic resource keeps as Pulumi secrets. */
const writeOnlyInputs = (resource: ResourceModel): AttributeModel[] =>
  resource.attributes.filter((a) => isInput(a) && (a.writeOnly || holdsWriteOnly(a.type)));

function renderPulumiResource(resource: ResourceModel): string {
  const className = pascalCase(resource.type);
  const inputs = resource.attributes.filter(isInput);
  const argFields = inputs
    .map(
      (a) =>
        `${doc(describe(a, 'pulumi'), '  ')}  ${camelCase(a.name)}${a.required ? '' : '?'}: pulumi.Input<${pulumiType(a.type, true)}>;`,
    )
    .join('\n');
  const outputs = resource.attributes.filter((a) => !pulumiReserved.has(camelCase(a.name)));
  const outputFields = outputs
    .map((a) => {
      const maybe = a.required || a.computed ? '' : ' | undefined';
      return `${doc(describe(a, 'pulumi'), '  ')}  declare readonly ${camelCase(a.name)}: pulumi.Output<${pulumiType(a.type, false)}${maybe}>;`;
    })
    .join('\n');
  // Write-only inputs are secrets: wrapped as inputs, and their outputs marked secret too, so the engine
  // encrypts them in the stack state (the dynamic provider keeps them there to diff them).
  const secrets = writeOnlyInputs(resource).map((a) => camelCase(a.name));
  const outputKeys = outputs
    .filter((a) => !a.required && !secrets.includes(camelCase(a.name)))
    .map((a) => `${camelCase(a.name)}: undefined`)
    .join(', ');
  const secretArgs = secrets.map((key) => `, ${key}: secretInput(args.${key})`).join('');
  const options =
    secrets.length === 0
      ? 'opts'
      : `{ ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ${secrets.map(quote).join(', ')}] }`;
  return `export interface ${className}Args {
  /** The management API to call: its base URL and the admin key (kept as a secret). */
  connection: pulumi.Input<ConnectionArgs>;
${argFields}
}

${doc(`${resource.description}\n\nA Pulumi dynamic resource calling the management API (\`${resource.path}\`): \`pulumi refresh\` reads it back, but Pulumi cannot import an object into a dynamic resource (pulumi/pulumi#16175): one made elsewhere is taken over with \`terraform import\` (Terraform resource \`${resource.terraformType}\`), or deleted and declared here.`, '')}export class ${className} extends pulumi.dynamic.Resource {
${outputFields}

  constructor(name: string, args: ${className}Args, opts?: pulumi.CustomResourceOptions) {
    super(
      modelProvider(findModelResource(${quote(resource.type)})),
      name,
      { ${outputKeys}, ...args, connection: pulumi.secret(args.connection)${secretArgs} },
      ${options},
      'mcpgateway',
      ${quote(className)},
    );
  }
}
`;
}

export function renderPulumiResources(model: ProviderModel): string {
  const secretHelper = model.resources.some((r) => writeOnlyInputs(r).length > 0)
    ? `
/** A write-only input (or one holding one) as a Pulumi secret (absent stays absent). */
function secretInput<T>(value: pulumi.Input<T> | undefined): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}
`
    : '';
  return `${header('Pulumi resources')}import * as pulumi from '@pulumi/pulumi';
import { findModelResource } from '../../config/model.js';
import { type Connection, type ConnectionArgs, modelProvider } from '../../config/pulumi-provider.js';

export type { Connection, ConnectionArgs };
${secretHelper}
${model.resources.map(renderPulumiResource).join('\n')}`;
}
