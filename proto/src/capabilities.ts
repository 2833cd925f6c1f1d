/**
 * What a runtime can do, as plain data: the planner plans against this, so an older
 * runtime or a weaker engine still gets correct charts.
 */
export interface RuntimeCapabilities {
  protocolVersion: number;
  runtimeVersion: string;
  transforms: string[];
  aggregateOps: string[];
  windowOps: string[];
  expressionFunctions: string[];
  dataFormats: string[];
  /** For each transform, the parameters the runtime understands. */
  transformParams: Record<string, string[]>;
}

import type { vegafusion } from './generated/vegafusion.js';

export function capabilitiesFromMessage(m: vegafusion.v1.ICapabilities): RuntimeCapabilities {
  return {
    protocolVersion: m.protocolVersion ?? 0,
    runtimeVersion: m.runtimeVersion ?? '',
    transforms: m.transforms ?? [],
    aggregateOps: m.aggregateOps ?? [],
    windowOps: m.windowOps ?? [],
    expressionFunctions: m.expressionFunctions ?? [],
    dataFormats: m.dataFormats ?? [],
    transformParams: m.transformParamsJson ? (JSON.parse(m.transformParamsJson) as Record<string, string[]>) : {},
  };
}

export function capabilitiesToMessage(c: RuntimeCapabilities, requestId = 0): vegafusion.v1.ICapabilities {
  return {
    requestId,
    protocolVersion: c.protocolVersion,
    runtimeVersion: c.runtimeVersion,
    transforms: c.transforms,
    aggregateOps: c.aggregateOps,
    windowOps: c.windowOps,
    expressionFunctions: c.expressionFunctions,
    dataFormats: c.dataFormats,
    transformParamsJson: JSON.stringify(c.transformParams),
  };
}
