export * from './json-schema';
export * from './workato';
export * from './define';
