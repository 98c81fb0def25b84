export * from './filter';
export * from './cloudevents';
export * from './metadata';
