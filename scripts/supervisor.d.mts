// Types of supervisor.mjs for the TypeScript tests that drive it.
export interface SupervisedApp {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}
export interface SupervisionPolicy {
  firstBackoffMs: number;
  maxBackoffMs: number;
  maxCrashes: number;
  windowMs: number;
  stopTimeoutMs: number;
}
export declare const DEFAULT_POLICY: SupervisionPolicy;
export declare function superviseApps(options: {
  apps: SupervisedApp[];
  log: (message: string) => void;
  onOutput?: (name: string, line: string) => void;
  onGiveUp: (name: string, reason: string) => void;
  policy?: Partial<SupervisionPolicy>;
}): { pids(): Record<string, number>; stop(): Promise<void> };
