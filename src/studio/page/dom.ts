/** Building the page with plain DOM: one element-making function, and unique ids for label/control pairs. */
type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | number | undefined | null | ((event: Event) => void)>;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
};

let counter = 0;
/** A fresh id, for a label's `for` and a control's `aria-describedby`. */
export const freshId = (stem: string): string => `${stem.replace(/[^a-zA-Z0-9_-]/g, '-')}-${++counter}`;
