/**
 * Failures beside the fields they name. A field's path is told from the page itself: the names
 * of the frames around it (`data-segment`) and the index each list item around it was sent at
 * (`data-sent-index`), so that a failure finds its item however items were added, removed or
 * left empty.
 */
import type { ErrorDetail } from './api';
import { nearestField } from './paths';

/** The path of a field's frame, up to the form: `metadata_filters[1].operator`. */
const pathOf = (frame: HTMLElement, root: HTMLElement): string => {
  let path = '';
  for (let node: HTMLElement | null = frame; node && node !== root; node = node.parentElement) {
    if (node.dataset.segment !== undefined) path = `${node.dataset.segment}${path && !path.startsWith('[') ? '.' : ''}${path}`;
    // An item not sent (left empty) is named by no failure.
    else if (node.dataset.item !== undefined) path = `[${node.dataset.sentIndex ?? 'not sent'}]${path && !path.startsWith('[') ? '.' : ''}${path}`;
  }
  return path;
};

/** Every shown field under `root`, by its path. */
export const framesByPath = (root: HTMLElement): Map<string, HTMLElement> => {
  const frames = new Map<string, HTMLElement>();
  for (const frame of root.querySelectorAll<HTMLElement>('[data-segment]')) if (!frame.closest('[hidden]')) frames.set(pathOf(frame, root), frame);
  return frames;
};

export const clearFieldErrors = (root: HTMLElement): void => {
  for (const slot of root.querySelectorAll<HTMLElement>('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const invalid of root.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
};

/**
 * Shows each failure beside its field (its message as the runtime words it); returns those that
 * name no field of the form, for the result to show.
 */
export const placeFieldErrors = (root: HTMLElement, details: readonly ErrorDetail[], rewrite: (path: string) => string = (p) => p): ErrorDetail[] => {
  const frames = framesByPath(root);
  const known = new Set(frames.keys());
  const unplaced: ErrorDetail[] = [];
  for (const detail of details) {
    const at = nearestField(rewrite(detail.path), known);
    const frame = at === undefined ? undefined : frames.get(at);
    const slot = frame ? document.getElementById(frame.dataset.errorSlot ?? '') : null;
    if (!frame || !slot) {
      unplaced.push(detail);
      continue;
    }
    slot.hidden = false;
    // A failure of an optional field shows it.
    const behind = frame.closest('details');
    if (behind) behind.open = true;
    slot.append(slot.textContent ? `; ${detail.message}` : detail.message);
    // The control its label is bound to now (a toggle's option list or its custom value), or the group.
    const bound = frame.querySelector<HTMLLabelElement>(':scope > .field-head > label')?.htmlFor;
    (bound ? document.getElementById(bound) : frame)?.setAttribute('aria-invalid', 'true');
  }
  return unplaced;
};
