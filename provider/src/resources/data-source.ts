/** The data source of a resource type: read one object by id or by its lookup attributes. */
import type { ApiClient } from '../client/api-client.js';
import { type CtyType, isUnknown, type ObjectValue } from '../codec/value.js';
import type { AttributeModel, ResourceModel } from '../model/types.js';
import { DiagnosticsError, errorDiagnostic, fail } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';
import { dataSourceAttributes, objectType } from '../schema/terraform.js';
import { apiDiagnostics, isGone } from './api-diagnostics.js';
import { findOne } from './lookup.js';
import { fromApiObject } from './mapper.js';
import { validateObject } from './validate.js';

export class DataSource {
  readonly model: ResourceModel;
  readonly attributes: AttributeModel[];
  readonly type: CtyType;

  constructor(model: ResourceModel) {
    this.model = model;
    this.attributes = dataSourceAttributes(model);
    this.type = objectType(this.attributes);
  }

  get description(): string {
    return `Reads one ${this.model.type.replaceAll('_', ' ')} by ${this.selectors.join(' or ')}. ${this.model.description}`;
  }

  get selectors(): string[] {
    return [this.model.idAttribute, ...this.model.lookup.map((l) => l.attribute)];
  }

  validate(config: ObjectValue): Diagnostic[] {
    const diagnostics = validateObject(
      this.attributes.map((a) => ({
        ...a,
        validation: this.model.attributes.find((m) => m.name === a.name)?.validation ?? {},
      })),
      config,
    );
    const set = this.selectors.filter((name) => config[name] !== null && config[name] !== undefined);
    if (set.length === 0) {
      diagnostics.push(
        errorDiagnostic(
          `Missing lookup for data.${this.model.terraformType}`,
          `Set one of: ${this.selectors.join(', ')}.`,
        ),
      );
    }
    if (set.includes(this.model.idAttribute) && set.length > 1) {
      diagnostics.push(
        errorDiagnostic(
          'Conflicting lookup',
          `Set either ${this.model.idAttribute} or the lookup attributes (${set.filter((s) => s !== this.model.idAttribute).join(', ')}), not both.`,
          [this.model.idAttribute],
        ),
      );
    }
    return diagnostics;
  }

  async read(api: ApiClient, config: ObjectValue): Promise<ObjectValue> {
    const id = config[this.model.idAttribute];
    let body: unknown;
    if (typeof id === 'string') {
      try {
        ({ body } = await api.request(this.model.operations.read, { pathParameters: { id } }));
      } catch (error) {
        if (isGone(error)) {
          fail(
            `No ${this.model.terraformType} found`,
            `Nothing has ${this.model.idAttribute} = ${JSON.stringify(id)}.`,
            [this.model.idAttribute],
          );
        }
        throw new DiagnosticsError(
          apiDiagnostics(error, `read ${this.model.terraformType} ${id}`, this.model.attributes),
        );
      }
    } else {
      const criteria: Record<string, string> = {};
      for (const lookup of this.model.lookup) {
        const value = config[lookup.attribute];
        if (value === null || value === undefined) continue;
        if (isUnknown(value)) fail('Lookup value not known yet', '', [lookup.attribute]);
        criteria[lookup.attribute] = String(value);
      }
      if (Object.keys(criteria).length === 0) fail(`Missing lookup for data.${this.model.terraformType}`);
      body = await findOne(api, this.model, criteria);
    }
    return fromApiObject(this.attributes, body);
  }
}
