export * from './meta/v1/types';
export * from './core/v1/types';
export * from './coordination/v1/types';
export * from './policy/v1/types';
export * from './well-known';
