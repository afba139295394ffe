/** The connector table's filter parameters, as they appear in the URL and the export link. */
export const FILTER_KEYS = ['city', 'siteId', 'model', 'power', 'status', 'search'] as const;
