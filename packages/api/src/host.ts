// Pure host parsing for the web app's proxy, which must not pull the database client into its bundle.
export { classifyHost, normalizeHost, type HostTarget } from '@magma/core/tenancy';
