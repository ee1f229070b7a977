export * from './lib/dates';
export * from './lib/fiscal-year';
export * from './lib/normalize';
export * from './lib/csv';
export * from './lib/encoding-export';
