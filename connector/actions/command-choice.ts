/**
 * Run commands' config choice: one row of the command table (its `id`, such as
 * `MapUserCommand.internal`), whose fields then become the action's input, or the list of commands.
 * The generated Workato field and both runtimes read these names.
 */
export const commandChoice = {
  /** The config field's name, as Workato sends it within the input. */
  field: 'command',
  /** The choice that takes a list of commands instead of one. */
  list: 'list_of_commands',
} as const;
