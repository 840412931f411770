import { actions, createIntegration, queryEntities, runCommands } from '../../connector/actions';
import { defineAction, type InputOf, type OutputOf } from '../../src/sdk';

describe('defineAction', () => {
  it('types an action\'s execute input from its input schema', async () => {
    const echo = defineAction({
      name: 'echo',
      title: 'Echo',
      subtitle: 'Echo',
      description: 'Echo',
      help: 'Echo',
      request: { operation: 'createIntegration', body: ['text'], retry: true },
      input: {
        type: 'object',
        required: ['text'],
        properties: { text: { type: 'string' }, times: { type: 'integer' }, mode: { type: 'string', enum: ['loud', 'soft'] } },
      },
      output: { type: 'object', required: ['said'], properties: { said: { type: 'array', items: { type: 'string' } } } },
      execute: async (_connection, input) => {
        const text: string = input.text;
        const times: number | undefined = input.times;
        const mode: 'loud' | 'soft' | undefined = input.mode;
        // @ts-expect-error text is a string, not a number
        const wrong: number = input.text;
        void wrong;
        return { said: Array.from({ length: times ?? 1 }, () => (mode === 'loud' ? text.toUpperCase() : text)) };
      },
    });
    expect(await echo.execute!(undefined, { text: 'hi', times: 2, mode: 'loud' })).toEqual({ said: ['HI', 'HI'] });
  });

  it('gives the four actions of the article typed inputs and outputs', () => {
    const create: InputOf<typeof createIntegration> = { name: 'SLACK', events: [] };
    // @ts-expect-error name is required
    const missing: InputOf<typeof createIntegration> = { events: [] };
    const run: InputOf<typeof runCommands> = { integration_uuid: 'u', integration_psk: 'p', commands: [{ name: 'ResetAllUsersMatchCommand' }] };
    const query: InputOf<typeof queryEntities> = { integration_uuid: 'u', integration_psk: 'p', sort_by: 'matched_at', page_size: 10 };
    // @ts-expect-error sort_by takes only the five sort fields
    const badSort: InputOf<typeof queryEntities> = { integration_uuid: 'u', integration_psk: 'p', sort_by: 'touched_at' };
    const page: OutputOf<typeof queryEntities>['has_more_data'] = false;
    void [create, missing, run, query, badSort, page];
    expect(actions.map((a) => a.name)).toEqual(['create_integration', 'update_integration', 'run_commands', 'query_entities']);
  });
});
