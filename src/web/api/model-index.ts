// The graph panel still imports the models query from here; the models module is api/models.ts.
export { useModels, type LoadedModels } from './models';
