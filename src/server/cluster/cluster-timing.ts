/**
 * The timing contract between the service node and its data nodes. A data node's lease (fence.ts) must run
 * out before the service node can have given its keys to other nodes, or a node that froze and woke up could
 * write over their newer data:
 *  - the quickest way a silent node is dropped is an epoch change it does not confirm within
 *    HEALTH_TIMEOUT_MS (otherwise: FAILURES_TO_DOWN health checks in a row without an answer, each given
 *    HEALTH_TIMEOUT_MS, HEALTH_INTERVAL_MS apart);
 *  - every call and health check the node answers was sent after its last lease renewal, so a lease of
 *    LEASE_MS < HEALTH_TIMEOUT_MS from the last health check it saw has lapsed by then;
 *  - health checks come every HEALTH_INTERVAL_MS, so a live node's lease is renewed with time to spare.
 */
export const HEALTH_INTERVAL_MS = 500;
export const HEALTH_TIMEOUT_MS = 2000;
export const FAILURES_TO_DOWN = 2;
export const LEASE_MS = 1800;

/** Status of a call a data node will not run now (another epoch, or fenced): re-check the cluster, retry. */
export const STALE_EPOCH = 421;

/** Header of the service node's health checks, which renew a data node's lease. */
export const RENEW_HEADER = 'x-h5lab-renew-lease';
