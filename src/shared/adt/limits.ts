/**
 * Service limits of Azure Digital Twins that both the app and the emulator apply
 * (https://learn.microsoft.com/azure/digital-twins/reference-service-limits).
 */

/** Models per `POST /models` call ("Number of models in a single upload call"). */
export const MAX_MODELS_PER_CALL = 250;
