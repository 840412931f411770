/**
 * The bound on a list output, as the action declares it (`RequestSpec.report`): Workato stores at
 * most 1 MB of output per job, and Node keeps the same rule so that both runtimes answer alike.
 */
import type { RequestSpec } from '../sdk/define';

export type ReportSpec = NonNullable<RequestSpec['report']>;

/**
 * Every item whose status is in `always`, and the others up to `maxOtherItems`, the first ones in
 * the order given (input order, so the result stays sorted by index); `omitted` counts the rest.
 */
export const boundItems = <T extends { status: string }>(items: readonly T[], report: ReportSpec): { items: T[]; omitted: number } => {
  let others = 0;
  const listed = items.filter((item) => {
    if (report.always.includes(item.status)) return true;
    others += 1;
    return others <= report.maxOtherItems;
  });
  return { items: listed, omitted: items.length - listed.length };
};
