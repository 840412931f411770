/** The shape of a failure as `--json` prints it (and the studio's page reads it): a type only, with no Node in it. */
/** An error as `--json` prints it: `{"error": {status, code, message, details}}`, on one line. */
export interface JsonError {
  /** The HTTP status of a failed call; 0 when there was none (a usage error, invalid input, no answer). */
  status: number;
  /** `usage` for a command line the CLI refuses (exit 2); otherwise the error's own code. */
  code: string;
  message: string;
  details: { path: string; message: string }[];
  /** Run commands failed partway: the batches the service accepted before the failure, and the run's id to resume with. */
  accepted_batch_ids?: readonly string[];
  execution_id?: string;
}
