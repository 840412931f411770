import { connector } from '../../src/runtime/connector';
import { runCommands } from '../../connector/actions/run-commands';
import { ValidationError } from '../../src/errors';
import { inputForCommandChoice } from '../../src/runtime/command-choice';
import { prepareInput } from '../../src/runtime/execute';
import type { ActionDeclaration } from '../../src/sdk/define';

const UUID = '0b9f3a52-8d1e-4c6b-a0f2-6e5d4c3b2a19';
const credentials = { integration_uuid: UUID, integration_psk: 'psk-value-0123456789abcdef' };
const USER_UUID = '5d0c8f4e-2b7a-4e31-9c55-000000000007';
const action = runCommands as unknown as ActionDeclaration;

describe('the command config choice', () => {
  it('drops list_of_commands, or no choice at all, and takes the input as it is', () => {
    const commands = [{ name: 'ResetAllUsersMatchCommand' }];
    expect(inputForCommandChoice('commands', { ...credentials, command: 'list_of_commands', commands })).toEqual({ ...credentials, commands });
    expect(inputForCommandChoice('commands', { ...credentials, commands })).toEqual({ ...credentials, commands });
  });

  it('makes the picked internal shape of MapUserCommand a list of one, its fields moved from the top level', () => {
    const input = { ...credentials, command: 'MapUserCommand.internal', mapping_id: 'ann@example.com', internal_id: '7', internal_uuid: USER_UUID, wait_for_processing: true };
    expect(inputForCommandChoice('commands', input)).toEqual({
      ...credentials,
      wait_for_processing: true,
      commands: [{ name: 'MapUserCommand', mapping_id: 'ann@example.com', internal_id: '7', internal_uuid: USER_UUID }],
    });
  });

  it('makes the picked external shape of MapUserCommand a list of one, with its metadata', () => {
    const input = { ...credentials, command: 'MapUserCommand.external', mapping_id: 'ann@example.com', external_id: 'HR-7', metadata: { dept: 'ENG' } };
    expect(inputForCommandChoice('commands', input)).toEqual({
      ...credentials,
      commands: [{ name: 'MapUserCommand', mapping_id: 'ann@example.com', external_id: 'HR-7', metadata: { dept: 'ENG' } }],
    });
  });

  it('leaves out the optional fields Workato sends empty, as null or ""', () => {
    const picked = { ...credentials, command: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: 3 };
    expect(inputForCommandChoice('commands', { ...picked, metadata: null })).toEqual({ ...credentials, commands: [{ name: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: 3 }] });
    expect(inputForCommandChoice('commands', { ...picked, metadata: '' })).toEqual({ ...credentials, commands: [{ name: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: 3 }] });
  });

  it('prepares a picked command for the request, loose values coerced as in a list', () => {
    const input = prepareInput(action, { ...credentials, command: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: '3', metadata: { owner: 'hr' }, wait_for_processing: 'true' });
    expect(input).toEqual({ ...credentials, wait_for_processing: true, commands: [{ name: 'MatchLearningPlanCommand', external_id: 'LP-1', internal_id: '3', metadata: { owner: 'hr' } }] });
  });

  it('refuses an unknown choice, naming input.command and the valid choices, never the value', async () => {
    const error = await connector.actions.run_commands
      .execute({ domain: 'http://127.0.0.1:9', client_id: 'a', client_secret: 'b' }, { ...credentials, command: 'MatchCarCommand', external_id: 'X' } as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = 'input.command must be one of the 24 commands or list_of_commands; got a string';
    expect(error.message).toBe(message);
    expect(error.details).toEqual([{ path: 'input.command', message }]);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('MatchCarCommand');
  });
});
