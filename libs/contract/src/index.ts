export * from './lib/types';
export * from './lib/catalogue-admin';
export * from './lib/hr';
export * from './lib/reports';
export * from './lib/import-changes';
export * from './lib/team';
export * from './lib/permissions';
