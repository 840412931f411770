/**
 * The client is typed where a typo should not compile: event names, commands (their names and
 * fields). tsc checks this file with the rest (`npm test`): each `@ts-expect-error` fails the
 * build if the line below it ever compiles. The loose entry point takes what a recipe gives.
 */
import { createClient, type Client } from '../../src/runtime/client';
import type { Command, EventName } from '../../src/types/generated';

/** Type-checked, never run: a client that would call nothing. */
const uses = (client: Client) => {
  const integration = client.integration({ uuid: 'u', psk: 'p' });
  return [
    client.createIntegration({ name: 'SLACK', events: ['platform.events.user.UserDeleted'] }),
    // @ts-expect-error a misspelt event name
    client.createIntegration({ name: 'SLACK', events: ['platform.events.user.UserDeletd'] }),
    integration.update({ events: ['platform.events.course.CourseUpdated'] }),
    // @ts-expect-error a misspelt event name
    integration.update({ events: ['platform.events.course.CourseUpdate'] }),
    client.emit('platform.events.user.UserDeleted', { user_id: 1 }),
    // @ts-expect-error a misspelt event name
    client.emit('platform.events.user.UserDelete', { user_id: 1 }),
    integration.runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 42 }]),
    // @ts-expect-error a misspelt command name
    integration.runCommands([{ name: 'MatchCorseCommand', external_id: 'C-1', internal_id: 42 }]),
    // @ts-expect-error a field the command does not have
    integration.runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: 42, course_id: 1 }]),
    // @ts-expect-error an id as text: only the loose entry point takes it
    integration.runCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: '42' }]),
    integration.runLooseCommands([{ name: 'MatchCourseCommand', external_id: 'C-1', internal_id: '42' }, { anything: true }]),
  ];
};

describe('the typed client', () => {
  it('is checked by tsc with the tests (this file fails to compile if a typo above is accepted)', () => {
    expect(typeof uses).toBe('function');
    const names: EventName[] = ['platform.events.user.UserDeleted'];
    const command: Command = { name: 'ResetAllUsersMatchCommand' };
    expect([names.length, command.name]).toEqual([1, 'ResetAllUsersMatchCommand']);
    expect(typeof createClient({ domain: 'http://127.0.0.1:9', client_id: 'a', client_secret: 'b' }).integration({ uuid: 'u', psk: 'p' }).runLooseCommands).toBe('function');
  });
});
