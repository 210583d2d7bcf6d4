export * from './fields.js';
export * from './objects.js';
export * from './filters.js';
export * from './permissions.js';
export * from './errors.js';
export * from './record-schema.js';
export * from './records.js';
export * from './imports.js';
