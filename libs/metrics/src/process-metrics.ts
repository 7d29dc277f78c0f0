// Node's process metrics (CPU, memory, event-loop lag, GC), collected once per process and
// served beside each app's own. prom-client keeps their collectors for the life of the process
// (a GC observer among them), and each collector holds the registry it was given: collected into
// an app's registry, they would keep every app a process ever closed alive (tests make many).
import { Registry, collectDefaultMetrics } from 'prom-client';

let processRegistry: Registry | undefined;

/** The Prometheus text of `registry` together with the process's own metrics. */
export function metricsWithProcess(registry: Registry): Promise<string> {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return Registry.merge([processRegistry, registry]).metrics();
}
