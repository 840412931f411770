/**
 * How a value is named in an error message: by its JSON type, never by its content — values may
 * be personal data (an e-mail as a mapping id) or secrets, and messages end up in logs. Numbers and
 * booleans are named, as they carry neither and say most about what was wrong.
 */
export const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length === 0 ? 'an empty string' : value.length > 40 ? `a string of ${value.length} characters` : 'a string';
    case 'number':
      return Number.isFinite(value) ? `the number ${value}` : `the non-finite number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
};

/** `a.b` for identifiers, `a["odd key"]` otherwise; arrays as `a[0]`. */
export const childPath = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
