/** The few pieces of GitHub-flavoured markdown the generated reference is written in. */

/**
 * Prose: `<` could open an HTML tag, except inside a code span, where it is shown as it is (and
 * where `&lt;` would be too).
 */
export const prose = (text: string): string =>
  text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;')))
    .join('');

/** A table cell's text: `|` would end the cell (also inside a code span), a line break the row. */
export const cell = (text: string): string => prose(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** A code span; the text of a name or value never holds a backtick, so one on each side is enough. */
export const code = (text: string): string => `\`${text}\``;

/** A table: a header row, its separator, then the rows; every cell escaped. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [header.map(cell), header.map(() => '---'), ...rows.map((r) => r.map(cell))].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export const anchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');

/** A link to a heading of the same document. */
export const linkTo = (text: string, heading: string): string => `[${text}](#${anchor(heading)})`;
