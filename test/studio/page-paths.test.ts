/** Where the studio page puts a failure (src/studio/page/paths.ts, DOM-free): beside the field the runtime's path names, or its nearest enclosing one. */
import { actions } from '../../connector/actions';
import { ValidationError } from '../../src/errors';
import { executeAction } from '../../src/runtime/execute';
import { formPath, nearestField, parentPath, withoutChunk } from '../../src/studio/page/paths';

/** The paths the runtime names for an action's input that fails validation (before anything is sent). */
const failurePaths = async (name: string, input: Record<string, unknown>): Promise<string[]> => {
  const action = actions.find((a) => a.name === name)!;
  const connection = { domain: 'http://127.0.0.1:9', client_id: 'id', client_secret: 'secret' };
  const failure = await executeAction(action, connection, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(failure instanceof ValidationError)) throw new Error(`${name}: expected a validation failure, got ${String(failure)}`);
  return failure.details.map((d) => d.path);
};

describe("the page's failure paths", () => {
  it('names a field of the input from below input.', () => {
    expect(formPath('input.name')).toBe('name');
    expect(formPath('input.metadata_filters[0].operator')).toBe('metadata_filters[0].operator');
    expect(formPath('input')).toBe('');
    expect(formPath('connection.client_secret')).toBe('connection.client_secret');
    expect(formPath('inputs.name')).toBe('inputs.name');
  });

  it('walks up a path one step at a time to the empty path', () => {
    const steps: string[] = [];
    for (let p = 'a.b[2].c'; p !== ''; p = parentPath(p)) steps.push(p);
    expect(steps).toEqual(['a.b[2].c', 'a.b[2]', 'a.b', 'a']);
    expect(parentPath('a')).toBe('');
    expect(parentPath('a[0]')).toBe('a');
  });

  it("puts each of the runtime's failures of Query entities beside its field, or the list holding it", async () => {
    const paths = await failurePaths('query_entities', { integration_uuid: 'not-a-uuid', metadata_filters: [{ key: 'k', operator: 'nope' }] });
    expect(paths).toEqual(expect.arrayContaining(['input.integration_uuid', 'input.metadata_filters[0].operator']));
    const known = new Set(['integration_uuid', 'integration_psk', 'metadata_filters']);
    expect(paths.map((p) => nearestField(p, known))).toEqual(paths.map((p) => (p.startsWith('input.metadata_filters') ? 'metadata_filters' : formPath(p))));
    expect(nearestField('input.metadata_filters[0].operator', new Set(['metadata_filters', 'metadata_filters[0].operator']))).toBe('metadata_filters[0].operator');
  });

  it("puts the runtime's failure of one event of Update integration beside the Events field", async () => {
    const paths = await failurePaths('update_integration', { integration_uuid: '7c1d3f0e-5a5b-4c47-9c55-0e5f6a1b2c3d', integration_psk: 'p', events: 'no.such.event' });
    expect(paths).toEqual(['input.events[0]']);
    expect(nearestField(paths[0], new Set(['integration_uuid', 'integration_psk', 'name', 'status', 'events']))).toBe('events');
  });

  it('leaves a failure no field encloses with the result', () => {
    expect(nearestField('connection.client_secret', new Set(['name']))).toBeUndefined();
    expect(nearestField('input', new Set(['name']))).toBeUndefined();
  });

  it("names a field of Run commands' one chosen command from the command itself", () => {
    const chunk = actions.find((a) => a.name === 'run_commands')?.request?.chunk?.field;
    expect(chunk).toBeDefined();
    expect(withoutChunk(`${chunk}[0].course_id`, chunk)).toBe('course_id');
    expect(withoutChunk(`input.${chunk}[0].metadata.key`, chunk)).toBe('metadata.key');
    expect(withoutChunk(`${chunk}[0]`, chunk)).toBe('');
    // Another item, another list, or no chunk: the path is left as it is.
    expect(withoutChunk(`${chunk}[1].course_id`, chunk)).toBe(`${chunk}[1].course_id`);
    expect(withoutChunk(`${chunk}x[0].course_id`, chunk)).toBe(`${chunk}x[0].course_id`);
    expect(withoutChunk('input.integration_uuid', chunk)).toBe('input.integration_uuid');
    expect(withoutChunk(`${chunk}[0].course_id`, undefined)).toBe(`${chunk}[0].course_id`);
  });
});
