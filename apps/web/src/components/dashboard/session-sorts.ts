/** The sessions history's orders as the URL names them (the list's `sort` input), with their labels. */
export const SESSION_SORT_LABELS = {
  '-startedAt': 'Newest first',
  startedAt: 'Oldest first',
  '-energyWh': 'Most energy',
  energyWh: 'Least energy',
} as const;
