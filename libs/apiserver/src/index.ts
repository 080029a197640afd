export {};
export * from './registry';
