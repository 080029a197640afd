export * from './volume-manager';
export * from './volume-error';
