/** The instance page of the application-consistency assistant. */
export const instancePageHref = (regionId: string, instanceId: string) => `/instances/${encodeURIComponent(instanceId)}?region=${encodeURIComponent(regionId)}`;
