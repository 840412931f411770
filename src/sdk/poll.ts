/** What a trigger's poll answers and remembers: shared by the declarations and Workato's types. */

/** What a poll answers, in Workato's shape. */
export interface PollResult<E = Record<string, unknown>> {
  events: E[];
  /** The closure of the next poll: pass it back to continue where this one stopped. */
  next_poll: PollClosure;
  /** A backlog remains: poll again at once. */
  can_poll_more: boolean;
}

/** A poll's memory between polls: where the first poll started, then the cursor. */
export interface PollClosure {
  since?: string;
  after?: string;
}
