/**
 * Run commands answers invalid commands in its output, not as a failure: each reported item with
 * its input index and errors (`{field: "course_id", message: "missing required field course_id"}`).
 * Those errors belong beside the fields too: item `index` of the chunked list, field `field`.
 */
import type { ErrorDetail } from './api';
import type { Operation } from './manifest';

interface ReportedItem {
  index?: unknown;
  errors?: { field?: unknown; message?: unknown }[];
}

export const reportedErrors = (operation: Operation, output: unknown): ErrorDetail[] => {
  const list = operation.request?.chunk?.field;
  const report = operation.request?.report?.field;
  if (!list || !report || typeof output !== 'object' || output === null) return [];
  const items = (output as Record<string, unknown>)[report];
  if (!Array.isArray(items)) return [];
  return (items as ReportedItem[]).flatMap((item) =>
    (item.errors ?? []).map((e) => ({
      path: `${list}[${String(item.index)}]${typeof e.field === 'string' && e.field ? `.${e.field}` : ''}`,
      message: String(e.message),
    })),
  );
};
