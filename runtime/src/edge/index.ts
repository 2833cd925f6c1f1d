export { createEdge, httpBaseOf, type Edge, type EdgeOptions, type TierValue } from './edge.js';
export { createUpstreamLink, type UpstreamLink, type UpstreamLinkOptions, type UpstreamLinkStats, type UpstreamReply } from './upstream-link.js';
export { renderEdgeMetrics, type EdgeStats } from './metrics.js';
export { UpstreamError } from './upstream-error.js';
