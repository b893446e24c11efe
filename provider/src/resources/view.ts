/** The data source of a read-only view of the API (e.g. `mcpgateway_server_tools`): its inputs fill the path. */
import type { ApiClient } from '../client/api-client.js';
import { type CtyType, isUnknown, type ObjectValue } from '../codec/value.js';
import type { AttributeModel, ViewModel } from '../model/types.js';
import { DiagnosticsError, fail } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';
import { objectType } from '../schema/terraform.js';
import { apiDiagnostics, isGone } from './api-diagnostics.js';
import { fromApiObject } from './mapper.js';
import { validateObject } from './validate.js';

export class ViewDataSource {
  readonly attributes: AttributeModel[];
  readonly type: CtyType;

  constructor(readonly model: ViewModel) {
    this.attributes = [...model.inputs, ...model.attributes];
    this.type = objectType(this.attributes);
  }

  get description(): string {
    return `Reads ${this.model.description}`;
  }

  validate(config: ObjectValue): Diagnostic[] {
    return validateObject(this.attributes, config);
  }

  async read(api: ApiClient, config: ObjectValue): Promise<ObjectValue> {
    const pathParameters: Record<string, string> = {};
    for (const input of this.model.inputs) {
      const value = config[input.name];
      if (isUnknown(value))
        fail('Value not known yet', `${input.name} is known only after apply.`, [input.name]);
      if (typeof value !== 'string' || value === '') fail(`Missing ${input.name}`, '', [input.name]);
      pathParameters[input.pathParameter] = value;
    }
    let body: unknown;
    try {
      ({ body } = await api.request(this.model.operation, { pathParameters }));
    } catch (error) {
      if (isGone(error))
        fail(
          `No ${this.model.terraformType} found`,
          `Nothing answers for ${JSON.stringify(pathParameters)}.`,
        );
      throw new DiagnosticsError(apiDiagnostics(error, `read ${this.model.terraformType}`, this.attributes));
    }
    const state = fromApiObject(this.model.attributes, body);
    for (const input of this.model.inputs) state[input.name] = config[input.name] ?? null;
    return state;
  }
}
