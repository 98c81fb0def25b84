import { ApiError } from '../errors';

/**
 * ADT's error texts, as recorded from a live instance where they were observed: the recordings of live traffic kept by
 * the public Azure SDK repositories (github.com/Azure/azure-sdk-for-net, sdk/digitaltwins/Azure.DigitalTwins.Core/
 * tests/SessionRecords, and github.com/Azure/azure-sdk-for-js, sdk/digitaltwins/digital-twins-core/recordings).
 * `recorded-errors.test.ts` replays each matched exchange. Texts marked "emulator" had no observed counterpart and
 * follow ADT's style.
 */
export const errors = {
  twinNotFound: (id: string) =>
    new ApiError(404, 'DigitalTwinNotFound',
      `There is no digital twin instance that exists with the ID ${id}. Please verify that the twin id is valid and ensure that the twin is not deleted. See section on querying the twins https://aka.ms/adtv2query.`),
  relationshipNotFound: (twinId: string, relationshipId: string) =>
    new ApiError(404, 'RelationshipNotFound',
      `Relationship ${relationshipId} not found on twin ${twinId}. Please verify that the relationship id is valid and ensure that the relationship is not deleted. See section on listing relationships in the documentation https://aka.ms/adtv2twins.`),
  targetTwinNotFound: () =>
    new ApiError(404, 'TargetDigitalTwinNotFound',
      'The target digital twin is invalid or does not exist Please validate that the target twin is valid and ensure that the target twin is not deleted. See section on listing twins https://aka.ms/adtv2twins.'),
  componentNotFound: (twinId: string, component: string) =>
    new ApiError(404, 'ComponentNotFound',
      `${twinId} does not have component ${component} Please verify that the component path is correct. You can get components by getting the twin, See example https://aka.ms/TwinGetSwSmpl.`),
  modelNotFound: (ids: string) =>
    new ApiError(404, 'ModelNotFound',
      `There is no Model(s) available that matches the provided id(s) ${ids}. Check that the Model ID provided is valid by doing a Model_List API call.`),
  modelsAlreadyExist: (ids: string[]) =>
    new ApiError(409, 'ModelIdAlreadyExists',
      `Some of the model ids already exist: ${ids.join(', ')}. Use Model_List API to view models that already exist. See the Swagger example (https://aka.ms/ModelListSwSmpl).`),
  modelReferenced: (referencedBy: string[]) =>
    new ApiError(409, 'ModelReferencesNotDeleted',
      `This model is currently being referenced by ${referencedBy.join(', ')}. You must delete these references before deleting the Model.. To delete references, do Delete Model on Ids provided above.`),
  /** ASP.NET's own text for a request without a body, which ADT passes on with the code BadRequest. */
  emptyBody: () => new ApiError(400, 'BadRequest', 'A non-empty request body is required.'),
  emptyModels: () =>
    new ApiError(400, 'InvalidArgument',
      'Operation failed as models provided was empty or of a type that is not supported.. Check that your Model Array contains at least one item and it is of a supported type. See link(https://aka.ms/ADTv2Models) for details.'),
  /** `text` is formatDiagnostics' "None of the models in this request could be created ...: <sentences>". */
  dtdlParser: (text: string) =>
    new ApiError(400, 'DTDLParserError', `${text}. See model documentation(https://aka.ms/ADTv2Models) for supported format.`),
  invalidTwin: (details: string[]) =>
    new ApiError(400, 'ValidationFailed', 'Invalid twin specified',
      details.map((message) => ({ code: 'ValidationFailed', message }))),
  modelMissing: (modelId: string) => errors.invalidTwin([`${modelId} or one of its dependencies does not exist.`]),
  // emulator
  modelDecommissioned: (modelId: string) =>
    new ApiError(400, 'ModelDecommissioned',
      `Model ${modelId} is decommissioned. A decommissioned model cannot be used to create new digital twins. See section on managing models https://aka.ms/ADTv2Models.`),
  relationshipsNotDeleted: (id: string) =>
    new ApiError(400, 'RelationshipsNotDeleted',
      `Twin ${id} has active relationships. Cannot delete a twin unless all the relationships are deleted. Please ensure that the active relationships on the twin are deleted. See section on retrieving relationships https://aka.ms/adtv2twins.`),
  selfRelationship: () =>
    new ApiError(400, 'OperationNotAllowed', 'The relationship cannot connect to the same digital twin.'),
  badIfMatch: () =>
    new ApiError(400, 'InvalidArgument', 'Invalid If-Match header value. Allowed value(s): If-Match: {etag} or If-Match: *'),
  badIfNoneMatch: () =>
    new ApiError(400, 'InvalidArgument', 'Invalid If-None-Match header value. Allowed value(s): If-None-Match: *'),
  twinExists: (id: string) =>
    new ApiError(412, 'PreconditionFailed',
      `If-None-Match: * header was specified but a twin with the id ${id} was found. Please specify a different twin id.`),
  relationshipExists: (id: string) =>
    new ApiError(412, 'PreconditionFailed',
      `If-None-Match: * header was specified but a relationship with the id ${id} was found. Please specify a different relationship id.`),
  etagMismatch: (provided: string) =>
    new ApiError(412, 'PreconditionFailed',
      `The provided etag ${provided} doesn't match the current etag for the resource. Please obtain and provide the latest etag by getting the resource. See section on get apis in the documentation https://aka.ms/adtv2twins.`),
  unsupportedPatchOp: (op: string) =>
    new ApiError(400, 'JsonPatchInvalid',
      `Unsupported operation type ${op}. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.`),
  patchPathUnresolved: (path: string) =>
    new ApiError(400, 'JsonPatchInvalid',
      `Could not resolve path ${path}. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.`),
  patchTargetMissing: (name: string, where: 'twin' | 'component' | 'relationship') =>
    new ApiError(400, 'JsonPatchInvalid',
      `${name} does not exist on ${where}. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.`),
  /** A relationship patch that removes or replaces a property the relationship does not have. */
  patchSegmentMissing: (segment: string) =>
    new ApiError(400, 'JsonPatchInvalid',
      `The target location specified by path segment '${segment}' was not found. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.`),
  patchOpMissing: () =>
    new ApiError(400, 'JsonPatchInvalid',
      'Parameter op must not be empty. Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.'),
  patchInvalid: (reason: string) =>
    new ApiError(400, 'JsonPatchInvalid',
      `${reason} Please provide a valid patch document. See section on update apis in the documentation https://aka.ms/adtv2twins.`),
  routeNotFound: () =>
    new ApiError(404, 'EventRouteNotFound',
      'There is no route available that matches the provided input. Check for all valid event routes by calling EventRoute_List. See Swagger example (https://aka.ms/RouteSwSmpl).'),
  routeEndpointInvalid: () =>
    new ApiError(400, 'EventRouteEndpointInvalid',
      'The endpoint provided does not exist or is not active. Check that your endpoint is provisioned correctly. See event route documentation (https://aka.ms/ADTv2Routes).'),
  jobNotFound: (id: string) =>
    new ApiError(404, 'JobNotFound',
      `There is no job available that matches the provided id ${id}. Check that the Job ID provided is valid by doing a Jobs_List API call.`),
  jobExists: (id: string) =>
    new ApiError(409, 'JobIdAlreadyExists', `Provided Job ID already exists: ${id}. Use Jobs_List API to view jobs that already exist.`),
  blobUriInvalid: (uri: string) =>
    new ApiError(400, 'InvalidArgument',
      `Azure Storage Blob URI '${uri}' failed validation. Invalid URI: The format of the URI could not be determined. Please check: https://docs.microsoft.com/en-us/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata`),
  routeFilterInvalid: (detail: string) =>
    new ApiError(400, 'EventRouteFilterInvalid',
      `The provided filter is invalid. ${detail}. See event route documentation for supported values and structure (https://aka.ms/ADTv2Routes).`),
  invalidArgument: (message: string) => new ApiError(400, 'InvalidArgument', message),
  validationFailed: (message: string) => new ApiError(400, 'ValidationFailed', message),
};
