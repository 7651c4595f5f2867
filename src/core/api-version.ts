/** The apiVersion of every report svcdig prints as JSON or YAML (README: JSON contract). Fields are only ever added within it. */
export const API_VERSION = 'svcdig/v1alpha1';
export type ApiVersion = typeof API_VERSION;
