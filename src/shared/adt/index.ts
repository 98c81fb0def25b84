export * from './types';
export * from './limits';
export * from './auth-texts';
